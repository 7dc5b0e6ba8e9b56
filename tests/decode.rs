//! Decoding page bytes: every accepted encoding and every refused input.

use kanbao::corpus::decode::{DecodeError, MAX_PAGE_BYTES, TextEncoding, decode, detect_encoding};

const SAMPLE: &str =
    "## 工会“小灵通”\n\n本报讯 记者寿慧桢报道 近年来,德清县总工会以经审规范化建设为抓手。\n";

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn plain_utf8_is_returned_as_is() {
    assert_eq!(detect_encoding(SAMPLE.as_bytes()), Ok(TextEncoding::Utf8));
    assert_eq!(decode(SAMPLE.as_bytes()).unwrap(), SAMPLE);
}

#[test]
fn utf8_bom_is_removed() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SAMPLE.as_bytes());
    assert_eq!(detect_encoding(&bytes), Ok(TextEncoding::Utf8Bom));
    assert_eq!(decode(&bytes).unwrap(), SAMPLE);
}

#[test]
fn crlf_and_cr_line_ends_become_lf() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    assert_eq!(decode(crlf.as_bytes()).unwrap(), SAMPLE);
    let cr = SAMPLE.replace('\n', "\r");
    assert_eq!(decode(cr.as_bytes()).unwrap(), SAMPLE);
}

#[test]
fn gb18030_is_detected_from_the_bytes() {
    let bytes = gb18030(SAMPLE);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs bytes that are not UTF-8"
    );
    assert_eq!(detect_encoding(&bytes), Ok(TextEncoding::Gb18030));
    assert_eq!(decode(&bytes).unwrap(), SAMPLE);
}

#[test]
fn gbk_text_decodes_as_gb18030() {
    let bytes = gbk(SAMPLE);
    assert_eq!(detect_encoding(&bytes), Ok(TextEncoding::Gb18030));
    assert_eq!(decode(&bytes).unwrap(), SAMPLE);
}

#[test]
fn gb18030_with_crlf_and_its_own_bom() {
    let mut bytes = vec![0x84, 0x31, 0x95, 0x33];
    bytes.extend(gb18030(&SAMPLE.replace('\n', "\r\n")));
    assert_eq!(decode(&bytes).unwrap(), SAMPLE);
}

#[test]
fn utf16_with_a_bom_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in SAMPLE.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(detect_encoding(&bytes), Ok(TextEncoding::Utf16Le));
    assert_eq!(decode(&bytes).unwrap(), SAMPLE);
}

#[test]
fn empty_and_white_space_only_pages_are_empty() {
    assert_eq!(decode(b""), Err(DecodeError::Empty));
    assert_eq!(decode(b" \n\r\n\t  \n"), Err(DecodeError::Empty));
    assert_eq!(decode(b"\xEF\xBB\xBF\n"), Err(DecodeError::Empty));
    // Ideographic spaces are white space too.
    assert_eq!(
        decode("\u{3000}\u{3000}\n".as_bytes()),
        Err(DecodeError::Empty)
    );
}

#[test]
fn nul_bytes_mean_binary() {
    let mut bytes = SAMPLE.as_bytes().to_vec();
    bytes.insert(10, 0);
    let err = decode(&bytes).unwrap_err();
    assert!(matches!(err, DecodeError::Binary { .. }), "{err:?}");
    assert!(
        err.to_string().contains("a NUL byte at byte offset 10"),
        "{err}"
    );
}

#[test]
fn control_heavy_bytes_mean_binary() {
    let png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    assert!(matches!(decode(png_like), Err(DecodeError::Binary { .. })));
    let controls: Vec<u8> = (0..200u8)
        .map(|i| if i % 5 == 0 { 0x01 } else { b'a' })
        .collect();
    assert!(matches!(decode(&controls), Err(DecodeError::Binary { .. })));
}

#[test]
fn bytes_that_are_neither_utf8_nor_gb18030_are_undecodable() {
    // 0xFF is never valid in UTF-8 and never starts a GB18030 sequence.
    let mut bytes = "第一行\n第二行".as_bytes().to_vec();
    bytes.push(0xFF);
    bytes.extend_from_slice("尾".as_bytes());
    let err = decode(&bytes).unwrap_err();
    let first_bad = "第一行\n第二行".len();
    assert_eq!(
        err,
        DecodeError::Undecodable {
            byte_offset: first_bad,
            line: 2
        }
    );
    assert!(err.to_string().contains("re-save it as UTF-8"), "{err}");
}

#[test]
fn a_utf8_bom_over_invalid_utf8_is_not_guessed_at() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(gb18030("工会"));
    assert!(matches!(
        decode(&bytes),
        Err(DecodeError::Undecodable { .. })
    ));
}

#[test]
fn oversized_input_is_refused_before_decoding() {
    let bytes = vec![b'a'; MAX_PAGE_BYTES + 1];
    assert_eq!(
        decode(&bytes),
        Err(DecodeError::TooLarge {
            bytes: MAX_PAGE_BYTES + 1
        })
    );
    assert!(
        DecodeError::TooLarge { bytes: 1 }
            .to_string()
            .contains("split it into one file per printed page")
    );
    let at_limit = vec![b'a'; MAX_PAGE_BYTES];
    assert!(decode(&at_limit).is_ok());
}

#[test]
fn every_seed_page_is_utf8() {
    let dir = format!("{}/data/pages", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            detect_encoding(&bytes),
            Ok(TextEncoding::Utf8),
            "{}",
            path.display()
        );
        let text = decode(&bytes).unwrap();
        assert!(!text.contains('\r'));
    }
}
