//! The runner of `eval/bytes_eval.py`: reads cases (JSON lines with the
//! kind, the true charset, the bytes in hex and the original text) on
//! stdin and writes one JSON line per case: whether `fix_bytes` gave the
//! original text back, whether `chardetng` alone did, whether the true
//! charset's WHATWG decoder does at all.
//!
//! ```text
//! cargo build --release --example bytes_eval
//! python3 eval/bytes_eval.py --split tune
//! ```

use std::io::{BufRead, Write};

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .filter_map(|i| hex.get(2 * i..2 * i + 2))
        .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
        .collect()
}

fn chardetng_alone(bytes: &[u8]) -> String {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    encoding.decode_with_bom_removal(bytes).0.into_owned()
}

fn main() {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let Ok(line) = line else { break };
        let Ok(case) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let bytes = unhex(case["hex"].as_str().unwrap_or_default());
        let want = case["want"].as_str();
        let fixed = mojifix::fix_bytes(&bytes);
        let reachable = match (
            encoding_rs::Encoding::for_label(case["enc"].as_str().unwrap_or_default().as_bytes()),
            want,
        ) {
            // Mixed files: UTF-8 lines as UTF-8, the others in the charset.
            (Some(enc), Some(want)) if case["kind"] == "mixed" => {
                let mut text = String::new();
                for line in bytes.split_inclusive(|&b| b == b'\n') {
                    match std::str::from_utf8(line) {
                        Ok(line) => text.push_str(line),
                        Err(_) => text.push_str(&enc.decode_without_bom_handling(line).0),
                    }
                }
                text == want
            }
            (Some(enc), Some(want)) => enc.decode_without_bom_handling(&bytes).0.as_ref() == want,
            (None, Some(_)) => true,
            _ => false,
        };
        let charsets: Vec<&str> = fixed.charsets().iter().map(|c| c.name()).collect();
        let result = serde_json::json!({
            "ours": want == Some(fixed.text.as_str()),
            "chardetng": want == Some(chardetng_alone(&bytes).as_str()),
            "reachable": reachable,
            "empty": !bytes.is_empty() && fixed.text.is_empty(),
            "got": fixed.text,
            "charsets": charsets,
        });
        let _ = writeln!(out, "{result}");
    }
}
