//! Loading with recovery: what lopdf leaves unread, read as poppler does.
//!
//! - Encrypted files whose empty user password lopdf does not accept
//!   (no /ID in the trailer, a crypt filter /Length given in bytes, a
//!   /EncryptMetadata false the key was not made with, an unreadable
//!   encryption dictionary): the file is parsed with its /Encrypt entry
//!   hidden, then each object is decrypted here through lopdf's security
//!   handler (or, for a V 4 key shorter than 128 bits, through
//!   [`super::decrypt`] with the key zero-padded) and the object streams
//!   are unpacked afterwards.
//! - Page trees that list no pages: /Pages naming a page itself, or page
//!   dictionaries found among all objects (typed /Page, else untyped with
//!   a /Pages node as /Parent). Objects lopdf dropped as damaged are read
//!   again first by [`super::salvage`].
//! - Content streams without a usable /Length: data up to `endstream`.

use lopdf::encryption::decrypt_object;
use lopdf::{Document as LoDocument, EncryptionState, LoadOptions, Object, ObjectId, ObjectStream};

use super::decrypt::Cipher;
use super::objects::{get_name, resolve};
use super::salvage;
use super::{Limits, PdfError};

/// Parse `bytes` with lopdf under `limits`, decrypting with the empty user
/// password. Warnings name what had to be recovered.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<(LoDocument, Vec<String>), PdfError> {
    if !has_header(bytes) {
        // Objects without a %PDF- header: read them by scanning.
        let mut with_header = b"%PDF-1.4\n".to_vec();
        with_header.extend_from_slice(bytes);
        let doc = reconstructed(&with_header, limits).ok_or(PdfError::NotPdf)?;
        return Ok((
            doc,
            vec!["no %PDF- header; objects read by scanning the file".into()],
        ));
    }
    match parse(bytes, limits) {
        // lopdf takes a direct /Encrypt dictionary for no encryption at all.
        Ok(doc) if doc.trailer.get(b"Encrypt").is_err() => Ok((doc, Vec::new())),
        Ok(_) | Err(PdfError::Encrypted) => decrypt_by_hand(bytes, limits),
        Err(e) => Err(e),
    }
}

/// Whether a `%PDF-` header stands in the first KiB.
pub fn has_header(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Whether the first KiB holds an indirect object header (`1 0 obj`): a PDF
/// body that lost its header.
pub fn looks_like_objects(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(4)
        .enumerate()
        .any(|(i, w)| w == b" obj" && i >= 3 && head[i - 1].is_ascii_digit() && head[i - 2] == b' ')
}

/// `bytes` parsed with the cross-reference table rebuilt by scanning for
/// `N G obj`, when that finds a document with pages.
pub fn reconstructed(bytes: &[u8], limits: &Limits) -> Option<LoDocument> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        force_reconstruct: true,
        ..LoadOptions::default()
    };
    let doc = std::panic::catch_unwind(|| LoDocument::load_mem_with_options(bytes, options))
        .ok()?
        .ok()?;
    (!doc.is_encrypted()).then_some(doc)
}

fn parse(bytes: &[u8], limits: &Limits) -> Result<LoDocument, PdfError> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..LoadOptions::default()
    };
    std::panic::catch_unwind(|| LoDocument::load_mem_with_options(bytes, options))
        .map_err(|_| PdfError::Malformed("the PDF parser failed on this file".into()))?
        .map_err(|e| match e {
            lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => PdfError::Encrypted,
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
                PdfError::Limit(format!(
                    "a stream decodes to more than {limit} bytes (possible decompression bomb)"
                ))
            }
            lopdf::Error::Decompress(d) => PdfError::Malformed(d.to_string()),
            other => PdfError::Malformed(other.to_string()),
        })
}

/// The trailer key `/Encrypt` renamed in place (same length, so every byte
/// offset stays valid); `/EncryptMetadata` is left alone.
fn hide_encrypt_key(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let key = b"/Encrypt";
    let mut i = 0;
    while let Some(pos) = out[i..].windows(key.len()).position(|w| w == key) {
        let at = i + pos;
        let next = out.get(at + key.len()).copied().unwrap_or(b' ');
        if !next.is_ascii_alphanumeric() {
            out[at + key.len() - 1] = b'x';
        }
        i = at + key.len();
    }
    out
}

fn decrypt_by_hand(bytes: &[u8], limits: &Limits) -> Result<(LoDocument, Vec<String>), PdfError> {
    let mut doc = parse(&hide_encrypt_key(bytes), limits)?;
    let mut warnings = Vec::new();
    let Ok(enc) = doc.trailer.get(b"Encrypx").cloned() else {
        return Err(PdfError::Encrypted);
    };
    doc.trailer.remove(b"Encrypx");
    let enc_id = match &enc {
        Object::Reference(id) => Some(*id),
        // A direct dictionary becomes an object, as lopdf reads only those.
        Object::Dictionary(_) => Some(doc.add_object(enc.clone())),
        _ => None,
    };
    let enc = enc_id.map_or(enc, Object::Reference);
    let readable = matches!(resolve(&doc, &enc), Some(Object::Dictionary(_)));
    if !readable {
        warnings.push(
            "the encryption dictionary is unreadable; the file is read as unencrypted".into(),
        );
        unpack_object_streams(&mut doc, limits);
        return Ok((doc, warnings));
    }
    if doc.trailer.get(b"ID").is_err() {
        let empty = Object::String(Vec::new(), lopdf::StringFormat::Literal);
        doc.trailer.set("ID", vec![empty.clone(), empty]);
    }
    doc.trailer.set("Encrypt", enc.clone());
    fix_crypt_filter_lengths(&mut doc, enc_id);
    if identity_only(&doc, enc_id) {
        // Only embedded files are encrypted (/StmF and /StrF /Identity).
        if let Some(id) = enc_id {
            doc.objects.remove(&id);
        }
        doc.trailer.remove(b"Encrypt");
        unpack_object_streams(&mut doc, limits);
        return Ok((doc, warnings));
    }
    let written = enc_dict(&mut doc, enc_id).cloned();
    let state = empty_password_state(&mut doc, enc_id).ok_or(PdfError::Encrypted)?;
    let own = written.and_then(|d| Cipher::short_v4_key(&d, state.file_encryption_key()));
    if own.is_some() {
        warnings.push("a V 4 key shorter than 128 bits, zero-padded as Acrobat does".into());
    }
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        if Some(id) == enc_id {
            continue;
        }
        let Some(obj) = doc.objects.get_mut(&id) else {
            continue;
        };
        if let Object::Stream(s) = obj {
            if matches!(s.dict.get(b"Type"), Ok(Object::Name(n)) if n == b"XRef") {
                continue;
            }
        }
        match &own {
            Some(cipher) => cipher.decrypt(id, obj),
            // Partly decrypted objects are kept, as lopdf does itself.
            None => drop(decrypt_object(&state, id, obj)),
        }
    }
    if let Some(id) = enc_id {
        doc.objects.remove(&id);
    }
    doc.trailer.remove(b"Encrypt");
    unpack_object_streams(&mut doc, limits);
    if own.is_none() {
        doc.encryption_state = Some(state); // for objects salvaged later
    }
    Ok((doc, warnings))
}

/// A fix of the encryption dictionary; `true` when it changed something.
type Fix = fn(&mut LoDocument, Option<ObjectId>) -> bool;

/// The security handler's state for the empty password, trying the
/// dictionary as written and then with every combination of the fixes
/// below, each applied to the dictionary as written (so that one fix does
/// not spoil another: a V 4 RC4 key of 40 bits keeps its /EncryptMetadata
/// false). The empty password is checked against /U (or /O) each time, so a
/// wrong combination fails rather than decrypting to garbage.
fn empty_password_state(doc: &mut LoDocument, enc_id: Option<ObjectId>) -> Option<EncryptionState> {
    const FIXES: [Fix; 3] = [rc4_v4_as_v2, set_encrypt_metadata, revision_3];
    let original = enc_id.and_then(|id| doc.objects.get(&id).cloned());
    for combination in 0..1u8 << FIXES.len() {
        if let (Some(id), Some(o)) = (enc_id, &original) {
            doc.objects.insert(id, o.clone());
        }
        let mut changed = true;
        for (i, fix) in FIXES.iter().enumerate() {
            if combination & (1 << i) != 0 {
                changed &= fix(doc, enc_id);
            }
        }
        if !changed {
            continue; // the same dictionary as a smaller combination
        }
        if let Ok(state) = EncryptionState::decode(doc, "") {
            return Some(state);
        }
    }
    None
}

/// Crypt filters whose /Length is in bytes (5…16) rather than bits.
fn fix_crypt_filter_lengths(doc: &mut LoDocument, enc_id: Option<ObjectId>) {
    let Some(Object::Dictionary(enc)) = enc_id.and_then(|id| doc.objects.get_mut(&id)) else {
        return;
    };
    let top = enc.get(b"Length").ok().and_then(|l| l.as_i64().ok());
    if let Some(l) = top.filter(|l| (5..=16).contains(l)) {
        enc.set("Length", l * 8);
    }
    if let Ok(Object::Dictionary(cf)) = enc.get_mut(b"CF") {
        for (_, filter) in cf.iter_mut() {
            if let Object::Dictionary(f) = filter {
                let l = f.get(b"Length").ok().and_then(|l| l.as_i64().ok());
                if let Some(l) = l.filter(|l| (5..=16).contains(l)) {
                    f.set("Length", l * 8);
                }
            }
        }
    }
}

/// The encryption dictionary, mutable.
fn enc_dict(doc: &mut LoDocument, enc_id: Option<ObjectId>) -> Option<&mut lopdf::Dictionary> {
    match enc_id.and_then(|id| doc.objects.get_mut(&id)) {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    }
}

/// Whether strings and streams are left unencrypted (V 4/5 with /StmF and
/// /StrF both /Identity or absent): only attachments need a password.
fn identity_only(doc: &LoDocument, enc_id: Option<ObjectId>) -> bool {
    let Some(Object::Dictionary(enc)) = enc_id.and_then(|id| doc.objects.get(&id)) else {
        return false;
    };
    let v = enc
        .get(b"V")
        .ok()
        .and_then(|v| v.as_i64().ok())
        .unwrap_or(0);
    let identity = |key: &[u8]| match enc.get(key) {
        Ok(Object::Name(n)) => n == b"Identity",
        Err(_) => true,
        Ok(_) => false,
    };
    v >= 4 && identity(b"StmF") && identity(b"StrF")
}

/// V 4 with an RC4 key shorter than 128 bits (which lopdf refuses for V 4)
/// read as V 2 with that key length; `true` when something changed.
fn rc4_v4_as_v2(doc: &mut LoDocument, enc_id: Option<ObjectId>) -> bool {
    let Some(enc) = enc_dict(doc, enc_id) else {
        return false;
    };
    let v = enc.get(b"V").ok().and_then(|v| v.as_i64().ok());
    let len = enc.get(b"Length").ok().and_then(|v| v.as_i64().ok());
    match (v, len) {
        (Some(4), Some(l)) if (40..128).contains(&l) => {
            enc.set("V", 2);
            enc.remove(b"CF");
            enc.remove(b"StmF");
            enc.remove(b"StrF");
            true
        }
        _ => false,
    }
}

/// Revision 4 read as revision 3 (the same key derivation without the
/// metadata flag); `true` when something changed.
fn revision_3(doc: &mut LoDocument, enc_id: Option<ObjectId>) -> bool {
    let Some(enc) = enc_dict(doc, enc_id) else {
        return false;
    };
    let is_v2 = enc.get(b"V").ok().and_then(|v| v.as_i64().ok()) == Some(2);
    if is_v2 && enc.get(b"R").ok().and_then(|v| v.as_i64().ok()) == Some(4) {
        enc.set("R", 3);
        return true;
    }
    false
}

/// Turn a declared /EncryptMetadata false into true (producers that declare
/// it but derive the key without it); `true` when something changed.
fn set_encrypt_metadata(doc: &mut LoDocument, enc_id: Option<ObjectId>) -> bool {
    let Some(enc) = enc_dict(doc, enc_id) else {
        return false;
    };
    if matches!(enc.get(b"EncryptMetadata"), Ok(Object::Boolean(false))) {
        enc.set("EncryptMetadata", true);
        return true;
    }
    false
}

/// Objects of object streams lopdf could not unpack while they were
/// still encrypted (or whose container it skipped).
fn unpack_object_streams(doc: &mut LoDocument, limits: &Limits) {
    let containers: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) if get_name(doc, &s.dict, b"Type") == Some(b"ObjStm") => Some(*id),
            _ => None,
        })
        .collect();
    for id in containers {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let Ok(os) = ObjectStream::new_with_limit(s, Some(limits.max_stream_bytes)) else {
            continue;
        };
        for (oid, obj) in os.objects {
            doc.objects.entry(oid).or_insert(obj);
        }
    }
}

/// Objects of `bytes` that `doc` lacks, read again by [`mod@super::salvage`] and
/// decrypted as the rest of the document was; returns how many.
pub fn salvage(bytes: &[u8], doc: &mut LoDocument, limits: &Limits) -> usize {
    let added = salvage::salvage_objects(bytes, doc, limits.max_stream_bytes);
    if let Some(state) = doc.encryption_state.take() {
        for id in &added {
            if let Some(obj) = doc.objects.get_mut(id) {
                let _ = decrypt_object(&state, *id, obj);
            }
        }
        doc.encryption_state = Some(state);
    }
    added.len()
}

/// The pages of a document whose page tree lists none: the object /Pages
/// names when it is a page, else every page dictionary in object order:
/// those typed /Page, or, when there are none, untyped dictionaries whose
/// /Parent is a /Pages node (a damaged /Type key).
pub fn orphan_pages(doc: &LoDocument) -> Vec<ObjectId> {
    let is_page = |id: &ObjectId| {
        matches!(doc.objects.get(id), Some(Object::Dictionary(d))
            if get_name(doc, d, b"Type") == Some(b"Page"))
    };
    let named = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
        .filter(is_page);
    if let Some(id) = named {
        return vec![id];
    }
    let typed: Vec<ObjectId> = doc.objects.keys().copied().filter(is_page).collect();
    if !typed.is_empty() {
        return typed;
    }
    let child_of_pages = |d: &lopdf::Dictionary| {
        let parent = d.get(b"Parent").ok().and_then(|p| resolve(doc, p));
        d.get(b"Type").is_err()
            && matches!(parent, Some(Object::Dictionary(p))
                if get_name(doc, p, b"Type") == Some(b"Pages"))
    };
    doc.objects
        .iter()
        .filter(|(_, o)| matches!(o, Object::Dictionary(d) if child_of_pages(d)))
        .map(|(id, _)| *id)
        .collect()
}

/// The data of stream object `id` read from the file up to `endstream`,
/// for a stream whose /Length is missing or wrong (lopdf then keeps none).
pub fn raw_stream_data(bytes: &[u8], doc: &LoDocument, id: ObjectId) -> Option<Vec<u8>> {
    let offset = match doc.reference_table.entries.get(&id.0)? {
        lopdf::xref::XrefEntry::Normal { offset, .. } => *offset as usize,
        _ => return None,
    };
    let tail = bytes.get(offset..)?;
    let window = &tail[..tail.len().min(1 << 12)];
    let start = window.windows(6).position(|w| w == b"stream")? + 6;
    let mut start = start;
    if tail.get(start) == Some(&b'\r') {
        start += 1;
    }
    if tail.get(start) == Some(&b'\n') {
        start += 1;
    }
    let body = tail.get(start..)?;
    let end = body.windows(9).position(|w| w == b"endstream")?;
    Some(body[..end].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_encrypt_key_is_hidden() {
        let b = b"<< /Encrypt 5 0 R /EncryptMetadata false /Encrypt<<>> >>";
        let want = b"<< /Encrypx 5 0 R /EncryptMetadata false /Encrypx<<>> >>";
        assert_eq!(hide_encrypt_key(b), want.to_vec());
    }

    #[test]
    fn a_direct_encryption_dictionary_is_decrypted() {
        use lopdf::{dictionary, EncryptionVersion, Permissions, Stream};
        let mut doc = LoDocument::with_version("1.5");
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT (secret plan) Tj ET".to_vec(),
        ));
        let page = doc.add_object(dictionary! { "Type" => "Page", "Contents" => content });
        let pages = doc.add_object(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let id = Object::String(
            b"0123456789abcdef".to_vec(),
            lopdf::StringFormat::Hexadecimal,
        );
        doc.trailer.set("ID", vec![id.clone(), id]);
        let version = EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: "",
            key_length: 128,
            permissions: Permissions::all(),
        };
        let state = EncryptionState::try_from(version).expect("state");
        doc.encrypt(&state).expect("encrypts");
        // Move the encryption dictionary into the trailer.
        let enc_id = doc
            .trailer
            .get(b"Encrypt")
            .and_then(Object::as_reference)
            .expect("ref");
        let enc = doc.objects.remove(&enc_id).expect("dict");
        doc.trailer.set("Encrypt", enc);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("saves");
        let (read, _) = load(&bytes, &Limits::default()).expect("opens");
        let data = match read.objects.get(&content) {
            Some(Object::Stream(s)) => s.content.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(data, b"BT (secret plan) Tj ET");
    }
}
