//! Turning a file's raw bytes into text the parser can read, reporting what is wrong with
//! them: invalid UTF-8 (decoded lossily so the rest of the file is still checked), binary
//! content (rejected whole), and files too large to address.

use crate::diag::{Diagnostic, FileId, Span};

/// Largest file accepted: spans are 32-bit byte offsets.
pub const MAX_FILE_BYTES: usize = u32::MAX as usize / 2;

/// At most this many invalid UTF-8 sequences are reported per file.
const MAX_UTF8_REPORTS: usize = 5;

/// [`decode`] of bytes the caller owns and gives up: text that is valid UTF-8 (nearly
/// every file) becomes the string without a copy, where [`decode`] copies it (92 MB of
/// fresh pages for a million claims). The same text and diagnostics as [`decode`].
pub fn decode_owned(mut bytes: Vec<u8>, file: FileId) -> (String, Vec<Diagnostic>) {
    if bytes.len() > MAX_FILE_BYTES || looks_binary(&bytes) {
        return decode(&bytes, file);
    }
    // Kept for the whole run at its length, as the copy was (a buffer read to its end
    // grows by doubling; one read from a file's size is exact, and this does nothing).
    bytes.shrink_to_fit();
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(e) => decode(e.as_bytes(), file),
    }
}

/// Decodes `bytes` as UTF-8. Invalid sequences become U+FFFD and are reported at their
/// position in the decoded text; a file that looks binary yields empty text and one error.
pub fn decode(bytes: &[u8], file: FileId) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.len() > MAX_FILE_BYTES {
        diags.push(Diagnostic::error(
            "too-large",
            file,
            Span::default(),
            format!(
                "file is too large: expected at most {MAX_FILE_BYTES} bytes, found {}",
                bytes.len()
            ),
        ));
        return (String::new(), diags);
    }
    if looks_binary(bytes) {
        diags.push(
            Diagnostic::error(
                "binary",
                file,
                Span::default(),
                "expected a UTF-8 text file, found binary data",
            )
            .with_help("claims files are plain UTF-8 text; was a binary file saved with the .claims extension?"),
        );
        return (String::new(), diags);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), diags),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + 16);
            let mut reported = 0;
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                let invalid = chunk.invalid();
                if !invalid.is_empty() {
                    if reported < MAX_UTF8_REPORTS {
                        let at = out.len();
                        let hex: Vec<String> =
                            invalid.iter().map(|b| format!("{b:#04x}")).collect();
                        diags.push(
                            Diagnostic::error(
                                "encoding",
                                file,
                                Span::new(at, at + '\u{fffd}'.len_utf8()),
                                format!(
                                    "invalid UTF-8: expected UTF-8 text, found byte {}",
                                    hex.join(" ")
                                ),
                            )
                            .with_label("not valid UTF-8")
                            .with_help("save the file as UTF-8"),
                        );
                    }
                    reported += 1;
                    out.push('\u{fffd}');
                }
            }
            if reported > MAX_UTF8_REPORTS {
                diags.push(Diagnostic::error(
                    "encoding",
                    file,
                    Span::default(),
                    format!(
                        "invalid UTF-8: {} more invalid sequences not shown",
                        reported - MAX_UTF8_REPORTS
                    ),
                ));
            }
            (out, diags)
        }
    }
}

/// A file is taken for binary when its first 8 KiB hold many control bytes or bytes that
/// cannot be UTF-8 (more than a tenth) spread over most of its lines (more than half). A
/// text file with a few stray bytes is read, and each reported on its line: a comment with
/// 16 NULs in a three-line file made it "binary", and lost all its declarations.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let bad_in = |part: &[u8]| {
        let control = part
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            .count();
        let invalid: usize = part.utf8_chunks().map(|c| c.invalid().len()).sum();
        control + invalid
    };
    if bad_in(sample) * 10 <= sample.len() {
        return false;
    }
    let lines = sample.split(|&b| b == b'\n');
    let (mut all, mut bad) = (0usize, 0usize);
    for line in lines {
        all += 1;
        bad += usize::from(bad_in(line) > 0);
    }
    bad * 2 > all
}

#[cfg(test)]
mod tests {
    /// Owned bytes decode to what borrowed ones do: valid, invalid, binary, empty, a BOM.
    #[test]
    fn decoding_owned_bytes_gives_what_decoding_borrowed_ones_gives() {
        let cases: Vec<Vec<u8>> = vec![
            b"outlet a \"A\"\n".to_vec(),
            b"person x \"ab\xffcd\"\n".to_vec(),
            vec![0u8, 1, 2, 3, 0, 0, 0, 9, 0, 0],
            Vec::new(),
            "\u{feff}visit v: a to FR on 2024-06-26\r\n"
                .as_bytes()
                .to_vec(),
        ];
        for bytes in cases {
            let (text, diags) = decode(&bytes, 3);
            let (owned, owned_diags) = decode_owned(bytes, 3);
            assert_eq!(owned, text);
            assert_eq!(format!("{owned_diags:?}"), format!("{diags:?}"));
        }
    }

    use super::*;

    #[test]
    fn valid_text_is_unchanged() {
        let (s, d) = decode("outlet a \"A\"\n".as_bytes(), 0);
        assert_eq!(s, "outlet a \"A\"\n");
        assert!(d.is_empty());
    }

    #[test]
    fn invalid_utf8_is_reported_and_decoded_lossily() {
        let (s, d) = decode(b"person x \"ab\xffcd\"\n", 0);
        assert_eq!(s, "person x \"ab\u{fffd}cd\"\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, Span::new(12, 15));
        assert!(d[0].message.contains("0xff"), "{}", d[0].message);
    }

    #[test]
    fn binary_data_is_rejected_whole() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        let (s, d) = decode(&bytes, 0);
        assert!(s.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "binary");
    }
}
