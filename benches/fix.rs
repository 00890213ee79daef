//! Throughput of `mojifix` in bytes per second on clean ASCII, clean
//! multilingual text, clean Chinese, Japanese and Korean, text with 5 % of
//! its lines mis-decoded, text with every line mis-decoded, and adversarial
//! text (long runs of mojibake leads, `鈥`, `â€`, U+FFFD, and scripts
//! alternating character by character).
//!
//! Each input is built here from a few sentences, so the benchmark needs no
//! data files. Where the right answer is known (clean text, and sentences
//! broken through windows-1252), every timed call checks it, so a fast
//! wrong result cannot pass for a fast one.
//!
//! Groups: `fix` times `Fixer::fix` on one thread; `batch` times
//! `Fixer::fix_lines_into_parallel` on two threads, as the command uses it.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mojifix::{Chain, Codec};

const SENTENCES: &[&str] = &[
    "The committee will publish its report on the first of March.",
    "Le comité publiera son rapport le premier mars, après la séance.",
    "Der Ausschuss veröffentlicht seinen Bericht am ersten März.",
    "El comité publicará su informe el primero de marzo, según el acta.",
    "Komisja opublikuje swoje sprawozdanie pierwszego marca.",
    "Výbor zveřejní svou zprávu prvního března.",
    "Комитет опубликует свой доклад первого марта.",
    "Η επιτροπή θα δημοσιεύσει την έκθεσή της την πρώτη Μαρτίου.",
    "הוועדה תפרסם את הדוח שלה בראשון במרץ.",
    "اللجنة ستنشر تقريرها في الأول من مارس.",
    "คณะกรรมการจะเผยแพร่รายงานในวันที่หนึ่งมีนาคม",
    "Ủy ban sẽ công bố báo cáo vào ngày một tháng ba.",
    "委员会将于三月一日发表报告。",
    "委員会は三月一日に報告書を公表する。",
    "위원회는 3월 1일에 보고서를 발표한다.",
];

const SIZE: usize = 1 << 20;

/// Lines of `pool`, one to three sentences each, chosen by a fixed
/// sequence, until about `SIZE` bytes.
fn lines_of(pool: &[&str]) -> Vec<String> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut lines = Vec::new();
    let mut size = 0;
    while size < SIZE {
        let count = 1 + next(3);
        let line: Vec<&str> = (0..count).map(|_| pool[next(pool.len())]).collect();
        let line = line.join(" ");
        size += line.len() + 1;
        lines.push(line);
    }
    lines
}

fn join(lines: &[String]) -> String {
    let mut text = String::with_capacity(SIZE + 1024);
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Adversarial lines: long runs of one pattern each.
fn adversarial() -> String {
    let patterns = [
        "Ã", "鈥", "â€", "\u{FFFD}", "Ã ", "Ã©", "аБвГ", "aЖ日é", "Ð?", "ÃÂ",
    ];
    let mut text = String::new();
    let mut k = 0;
    while text.len() < SIZE {
        let pattern = patterns[k % patterns.len()];
        let chars = [50, 500, 5000][k % 3];
        text.extend(pattern.chars().cycle().take(chars));
        text.push('\n');
        k += 1;
    }
    text
}

/// (name, input, expected output if known).
fn inputs() -> Vec<(&'static str, String, Option<String>)> {
    let w1252 = Chain::find(Codec::Windows1252, Codec::Utf8).expect("chain in table");
    let break_1252 = |s: &String| w1252.break_text(s).expect("breakable");
    let ascii: Vec<&str> = SENTENCES.iter().copied().filter(|s| s.is_ascii()).collect();
    let cjk = &SENTENCES[SENTENCES.len() - 3..];
    let clean_ascii = join(&lines_of(&ascii));
    let multilingual = lines_of(SENTENCES);
    let clean_multilingual = join(&multilingual);
    let clean_cjk = join(&lines_of(cjk));
    // Every twentieth line broken through windows-1252.
    let five: Vec<String> = multilingual
        .iter()
        .enumerate()
        .map(|(k, s)| {
            if k % 20 == 7 {
                break_1252(s)
            } else {
                s.clone()
            }
        })
        .collect();
    let all: Vec<String> = multilingual.iter().map(break_1252).collect();
    vec![
        ("clean-ascii", clean_ascii.clone(), Some(clean_ascii)),
        (
            "clean-multilingual",
            clean_multilingual.clone(),
            Some(clean_multilingual.clone()),
        ),
        ("clean-cjk", clean_cjk.clone(), Some(clean_cjk)),
        ("mojibake-5", join(&five), Some(clean_multilingual.clone())),
        ("mojibake-100", join(&all), Some(clean_multilingual)),
        ("adversarial", adversarial(), None),
    ]
}

fn bench_fix(c: &mut Criterion) {
    let fixer = mojifix::Fixer::default();
    let inputs = inputs();
    let mut group = c.benchmark_group("fix");
    for (name, input, expected) in &inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let out = fixer.fix(black_box(input));
                if let Some(expected) = expected {
                    assert!(out == expected.as_str());
                }
            })
        });
    }
    group.finish();
    let mut group = c.benchmark_group("batch");
    let mut out = String::new();
    for (name, input, expected) in &inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                out.clear();
                fixer.fix_lines_into_parallel(black_box(input), &mut out, 2);
                if let Some(expected) = expected {
                    assert!(out == *expected);
                }
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
