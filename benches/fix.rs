//! Throughput of `mojifix::fix` on clean ASCII, clean multilingual text,
//! clean Chinese, Japanese and Korean, and
//! mojibake-heavy text, in bytes per second. Each input is built here from a
//! few sentences, so the benchmark needs no data files; every timed call
//! checks its answer, so a fast wrong result cannot pass for a fast one.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mojifix::{Chain, Codec};

const SENTENCES: &[&str] = &[
    "The committee will publish its report on the first of March.",
    "Le comité publiera son rapport le premier mars, après la séance.",
    "Der Ausschuss veröffentlicht seinen Bericht am ersten März.",
    "Комитет опубликует свой доклад первого марта.",
    "Η επιτροπή θα δημοσιεύσει την έκθεσή της την πρώτη Μαρτίου.",
    "委员会将于三月一日发表报告。",
    "委員会は三月一日に報告書を公表する。",
    "위원회는 3월 1일에 보고서를 발표한다.",
    "اللجنة ستنشر تقريرها في الأول من مارس.",
    "Komisja opublikuje swoje sprawozdanie pierwszego marca.",
];

const SIZE: usize = 1 << 20;

/// About `SIZE` bytes of `lines` (as input) and of `fixed` (the expected
/// output, line for line).
fn repeat_lines(lines: &[String], fixed: &[String]) -> (String, String) {
    let (mut input, mut expected) = (String::new(), String::new());
    while input.len() < SIZE {
        for (line, good) in lines.iter().zip(fixed) {
            input.push_str(line);
            input.push('\n');
            expected.push_str(good);
            expected.push('\n');
        }
    }
    (input, expected)
}

fn inputs() -> Vec<(&'static str, String, String)> {
    let ascii: Vec<String> = vec![SENTENCES[0].to_owned()];
    let multilingual: Vec<String> = SENTENCES.iter().map(|s| s.to_string()).collect();
    let chain = Chain::find(Codec::Windows1252, Codec::Utf8).expect("chain in table");
    let broken: Vec<String> = multilingual
        .iter()
        .map(|s| chain.break_text(s).expect("breakable"))
        .collect();
    let cjk: Vec<String> = SENTENCES[5..8].iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for (name, lines, fixed) in [
        ("clean-ascii", &ascii, &ascii),
        ("clean-multilingual", &multilingual, &multilingual),
        ("clean-cjk", &cjk, &cjk),
        ("mojibake-heavy", &broken, &multilingual),
    ] {
        let (input, expected) = repeat_lines(lines, fixed);
        out.push((name, input, expected));
    }
    out
}

fn bench_fix(c: &mut Criterion) {
    let mut group = c.benchmark_group("fix");
    let fixer = mojifix::Fixer::default();
    for (name, input, expected) in inputs() {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let out = fixer.fix(black_box(&input));
                assert!(out == expected);
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_fix
}
criterion_main!(benches);
