//! Decryption with a file key of our own, where lopdf's security handler
//! (whose key cannot be changed) would decrypt to garbage.
//!
//! The one case so far: V 4 encryption dictionaries with an RC4 or AES key
//! shorter than 16 bytes (/Length 40 or 48). Acrobat, and pdf.js after it,
//! derive the key at its declared length and then zero-pad it to 16 bytes
//! before the per-object keys are made (undocumented; pdf.js issue 19484).
//! The key itself is found, and the empty password checked against /U, by
//! lopdf; only the decryption of strings and streams is done here.

use lopdf::encryption::crypt_filters::{
    Aes128CryptFilter, CryptFilter, IdentityCryptFilter, Rc4CryptFilter,
};
use lopdf::{Dictionary, Object, ObjectId};

/// A file key with the crypt filters of streams and strings.
pub struct Cipher {
    key: Vec<u8>,
    streams: Box<dyn CryptFilter>,
    strings: Box<dyn CryptFilter>,
    encrypt_metadata: bool,
}

impl Cipher {
    /// The cipher of a V 4 dictionary `enc` whose file key `key` (checked
    /// by the caller) is shorter than 16 bytes: the key zero-padded to 16
    /// bytes. `None` for every other dictionary.
    pub fn short_v4_key(enc: &Dictionary, key: &[u8]) -> Option<Cipher> {
        let int = |k: &[u8]| enc.get(k).ok().and_then(|v| v.as_i64().ok());
        if int(b"V") != Some(4) || key.len() >= 16 {
            return None;
        }
        let mut padded = key.to_vec();
        padded.resize(16, 0);
        Some(Cipher {
            key: padded,
            streams: filter(enc, b"StmF"),
            strings: filter(enc, b"StrF"),
            encrypt_metadata: !matches!(enc.get(b"EncryptMetadata"), Ok(Object::Boolean(false))),
        })
    }

    /// Decrypt the strings and stream data of object `id` in place. Data
    /// that does not decrypt (bad AES padding) is left as it is.
    pub fn decrypt(&self, id: ObjectId, obj: &mut Object) {
        match obj {
            Object::Stream(s) => {
                if s.dict.has_type(b"XRef") {
                    return; // cross-reference streams are never encrypted
                }
                let metadata = s.dict.has_type(b"Metadata");
                let crypt = s
                    .filters()
                    .is_ok_and(|f| f.first().is_some_and(|n| *n == b"Crypt"));
                self.strings_in(id, &mut s.dict);
                if crypt || (metadata && !self.encrypt_metadata) {
                    return; // an explicit /Crypt filter: /Identity unless named
                }
                if let Some(plain) = self.apply(&*self.streams, id, &s.content) {
                    s.set_content(plain);
                }
            }
            Object::Dictionary(d) => self.strings_in(id, d),
            Object::Array(items) => items.iter_mut().for_each(|o| self.decrypt(id, o)),
            Object::String(bytes, _) => {
                if let Some(plain) = self.apply(&*self.strings, id, bytes) {
                    *bytes = plain;
                }
            }
            _ => {}
        }
    }

    /// The strings of a dictionary, but not a signature's /Contents.
    fn strings_in(&self, id: ObjectId, dict: &mut Dictionary) {
        let signature = dict.has_type(b"Sig") || (dict.has(b"ByteRange") && dict.has(b"Contents"));
        for (k, v) in dict.iter_mut() {
            if !(signature && k == b"Contents") {
                self.decrypt(id, v);
            }
        }
    }

    fn apply(&self, filter: &dyn CryptFilter, id: ObjectId, data: &[u8]) -> Option<Vec<u8>> {
        let key = filter.compute_key(&self.key, id).ok()?;
        filter.decrypt(&key, data).ok()
    }
}

/// The crypt filter that entry `which` (/StmF or /StrF) names in /CF.
fn filter(enc: &Dictionary, which: &[u8]) -> Box<dyn CryptFilter> {
    let name = match enc.get(which) {
        Ok(Object::Name(n)) => n.as_slice(),
        _ => b"Identity",
    };
    let method = enc
        .get(b"CF")
        .and_then(Object::as_dict)
        .and_then(|cf| cf.get(name))
        .and_then(Object::as_dict)
        .and_then(|f| f.get(b"CFM"))
        .and_then(Object::as_name)
        .unwrap_or(b"None");
    match (name, method) {
        (b"Identity", _) | (_, b"None") => Box::new(IdentityCryptFilter),
        (_, b"AESV2") => Box::new(Aes128CryptFilter),
        _ => Box::new(Rc4CryptFilter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(cfm: &str) -> Dictionary {
        let mut f = Dictionary::new();
        f.set("CFM", Object::Name(cfm.as_bytes().to_vec()));
        let mut cf = Dictionary::new();
        cf.set("StdCF", f);
        let mut enc = Dictionary::new();
        enc.set("V", 4);
        enc.set("CF", cf);
        enc.set("StmF", Object::Name(b"StdCF".to_vec()));
        enc.set("StrF", Object::Name(b"StdCF".to_vec()));
        enc
    }

    #[test]
    fn only_short_v4_keys_are_padded() {
        assert!(Cipher::short_v4_key(&v4("V2"), &[1; 5]).is_some());
        assert!(Cipher::short_v4_key(&v4("V2"), &[1; 16]).is_none());
        let mut v2 = v4("V2");
        v2.set("V", 2);
        assert!(Cipher::short_v4_key(&v2, &[1; 5]).is_none());
    }

    #[test]
    fn strings_decrypt_with_the_padded_key() {
        let key = [7u8; 5];
        let cipher = Cipher::short_v4_key(&v4("V2"), &key).expect("short key");
        let mut padded = key.to_vec();
        padded.resize(16, 0);
        let id = (12, 0);
        let object_key = Rc4CryptFilter.compute_key(&padded, id).expect("key");
        let secret = Rc4CryptFilter.encrypt(&object_key, b"plan").expect("rc4");
        let mut obj = Object::Array(vec![Object::string_literal(secret)]);
        cipher.decrypt(id, &mut obj);
        assert_eq!(obj, Object::Array(vec![Object::string_literal("plan")]));
    }
}
