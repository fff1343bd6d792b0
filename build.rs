//! Build script: compiles the Japanese morphological dictionary offline.
//!
//! lindera's `embed-ipadic` feature downloads IPADIC while building, which fails
//! without network access. Instead the repository carries IPADIC's *source*
//! (`dict/ipadic/mecab-ipadic-2.7.0-utf8.tar.xz`, made by
//! `scripts/make_ipadic_archive.sh`), and this script:
//!
//! 1. decompresses it with pure-Rust xz (`lzma-rs`) and `tar` into `OUT_DIR`;
//! 2. compiles it with `lindera_dictionary::builder::DictionaryBuilder`, using the
//!    committed copy of lindera-ipadic 6.2.0's `metadata.json`, into
//!    `OUT_DIR/lindera-ipadic/`;
//! 3. compiles `dict/user_dictionary.csv` (lindera's simple user-dictionary format:
//!    `surface,part_of_speech,reading`) into `OUT_DIR/lindera-ipadic/user_dictionary.bin`,
//!    expanding each row into a full IPADIC row first (see [`expand_user_row`]);
//! 4. exports `LINDERA_WORKDIR=OUT_DIR`, which `lindera_dictionary::embedded_dictionary!`
//!    (in `src/analysis/dictionary.rs`) reads to embed the result.
//!
//! Nothing here touches the network. The script reruns only when the dictionary
//! inputs or this file change. Failures panic with a message: this is build time.

use std::env;
use std::fs;
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};

use lindera_dictionary::builder::user_dictionary::build_user_dictionary;
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

/// IPADIC source archive, relative to the crate root.
const ARCHIVE: &str = "dict/ipadic/mecab-ipadic-2.7.0-utf8.tar.xz";
/// lindera-ipadic 6.2.0's `metadata.json`, relative to the crate root.
const METADATA: &str = "dict/ipadic/metadata.json";
/// The user dictionary CSV, relative to the crate root.
const USER_DICTIONARY: &str = "dict/user_dictionary.csv";
/// Top-level directory inside the archive.
const ARCHIVE_ROOT: &str = "mecab-ipadic-2.7.0-utf8";
/// Directory under `OUT_DIR` (and `LINDERA_WORKDIR`) holding the compiled dictionary.
const OUTPUT_NAME: &str = "lindera-ipadic";
/// File name of the compiled user dictionary inside [`OUTPUT_NAME`].
const USER_DICTIONARY_BIN: &str = "user_dictionary.bin";

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR unset"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR unset"));

    for input in [ARCHIVE, METADATA, USER_DICTIONARY] {
        println!("cargo:rerun-if-changed={}", root.join(input).display());
    }
    println!("cargo:rerun-if-changed={}", file!());

    let metadata_bytes = read(&root.join(METADATA));
    let metadata = Metadata::load(&metadata_bytes)
        .unwrap_or_else(|err| panic!("cannot parse {METADATA}: {err}"));
    let builder = DictionaryBuilder::new(metadata);

    let source_dir = out_dir.join("ipadic-source");
    let dictionary_dir = out_dir.join(OUTPUT_NAME);
    remove_dir(&source_dir);
    remove_dir(&dictionary_dir);

    unpack(&root.join(ARCHIVE), &source_dir);
    let input_dir = source_dir.join(ARCHIVE_ROOT);
    builder
        .build_dictionary(&input_dir, &dictionary_dir)
        .unwrap_or_else(|err| panic!("cannot build IPADIC from {}: {err}", input_dir.display()));
    // The source is 57 MB of CSV; only the compiled form is needed from here on.
    remove_dir(&source_dir);

    let simple = String::from_utf8(read(&root.join(USER_DICTIONARY)))
        .unwrap_or_else(|err| panic!("{USER_DICTIONARY} is not UTF-8: {err}"));
    let mut detailed = String::with_capacity(simple.len() * 2);
    for (number, line) in simple.lines().enumerate() {
        if !line.trim().is_empty() {
            detailed.push_str(&expand_user_row(line, number + 1));
            detailed.push('\n');
        }
    }
    let user_dictionary = builder
        .build_user_dict_from_reader(detailed.as_bytes())
        .unwrap_or_else(|err| panic!("cannot build user dictionary {USER_DICTIONARY}: {err}"));
    build_user_dictionary(user_dictionary, &dictionary_dir.join(USER_DICTIONARY_BIN))
        .unwrap_or_else(|err| panic!("cannot write user dictionary: {err}"));

    println!("cargo:rustc-env=LINDERA_WORKDIR={}", out_dir.display());
}

/// Word cost given to every user-dictionary entry. Measured choices: at 0 every entry
/// stays whole and no test word is broken. At 2,000 some entries lost to a split into
/// cheap dictionary words (コール, a surname entry, | センター, cost 419); at -3,000 two
/// user words beat one (クラウド|コンピューティング). IPADIC's common nouns cost 3,657
/// or more in 90% of entries, so 0 beats a split into them, and since the noun-noun
/// connection costs 62, one user word still beats two.
const USER_WORD_COST: i32 = 0;

/// Expands one row of the simple user dictionary (`surface,part_of_speech,reading`) into
/// a full IPADIC row with real context ids.
///
/// lindera's own handling of the simple format gives every entry cost -10,000 and
/// context id 0, the id of sentence boundaries. Measured on the plan corpus, that made
/// two user words beat one (ポータル|サイト over ポータルサイト) and made the next word
/// behave as if a sentence started there (ネットワーク|化し instead of ネットワーク|化|し).
/// Here each part of speech maps to IPADIC's ids: `名詞` → 名詞,一般 (1285),
/// `固有名詞` → 名詞,固有名詞,一般 (1288), `組織` → 名詞,固有名詞,組織 (1292).
fn expand_user_row(line: &str, number: usize) -> String {
    let fields: Vec<&str> = line.split(',').collect();
    let [surface, pos, reading] = fields.as_slice() else {
        panic!("{USER_DICTIONARY}:{number}: expected surface,part_of_speech,reading: {line:?}");
    };
    if surface.is_empty() || reading.is_empty() || line.contains('"') {
        panic!("{USER_DICTIONARY}:{number}: empty field or quote: {line:?}");
    }
    let (id, categories) = match *pos {
        "名詞" => (1285, "名詞,一般,*,*"),
        "固有名詞" => (1288, "名詞,固有名詞,一般,*"),
        "組織" => (1292, "名詞,固有名詞,組織,*"),
        other => panic!("{USER_DICTIONARY}:{number}: unknown part of speech {other:?}"),
    };
    format!("{surface},{id},{id},{USER_WORD_COST},{categories},*,*,{surface},{reading},{reading}")
}

/// Reads a whole file, panicking with its path on failure.
fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// Removes a directory left by an earlier run of this script, if any.
fn remove_dir(dir: &Path) {
    if dir.exists() {
        fs::remove_dir_all(dir)
            .unwrap_or_else(|err| panic!("cannot remove {}: {err}", dir.display()));
    }
}

/// Decompresses the `.tar.xz` at `archive` (pure Rust) and unpacks it into `dest`.
fn unpack(archive: &Path, dest: &Path) {
    let compressed = read(archive);
    let mut tar_bytes = Vec::with_capacity(64 << 20);
    lzma_rs::xz_decompress(&mut BufReader::new(Cursor::new(compressed)), &mut tar_bytes)
        .unwrap_or_else(|err| panic!("cannot decompress {}: {err:?}", archive.display()));
    fs::create_dir_all(dest)
        .unwrap_or_else(|err| panic!("cannot create {}: {err}", dest.display()));
    tar::Archive::new(Cursor::new(tar_bytes))
        .unpack(dest)
        .unwrap_or_else(|err| panic!("cannot unpack {}: {err}", archive.display()));
}
