//! The transcoder: undoes accepted chains, layer by layer, and writes down
//! what it did as a [`Plan`].
//!
//! One layer is one chain undone over one line: the accepted sequences are
//! replaced and everything else is copied byte for byte. Mojibake of
//! mojibake (`doesnÃ¢â‚¬â„¢t`) comes apart one layer per pass; passes stop when
//! the detector accepts nothing; a line that still has a layer to undo
//! after [`Config::max_layers`](crate::Config) is left as it was.
//!
//! Each layer's plan is the strongest statement that is exactly true: when
//! encoding the whole line with the wrong codec and decoding it with the
//! right one gives the repaired line, the plan says `encode …; decode …`
//! (a pure transcoder, invertible byte for byte); otherwise it says
//! `reinterpret … as …`.

use std::borrow::Cow;

use crate::chain::Chain;
use crate::codec::Codec;
use crate::detect::{self, Line, Options, Restored, Verdict};
use crate::plan::{Plan, Step};
use crate::scan::ChainMask;
use crate::score;

/// Repairs one line (no line breaks inside): returns the text and its plan.
pub(crate) fn repair_line<'a>(
    text: &'a str,
    opts: Options,
    max_layers: u8,
) -> (Cow<'a, str>, Plan) {
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    let mut plan = Plan::new();
    // Whether every layer undone was UTF-8 read as a multi-byte codec,
    // explained whole by its structure.
    let mut proven = true;
    // One pass past the cap only asks whether another layer is left.
    for layer in 0..=max_layers {
        let chains = crate::scan::suspects(&current);
        if chains == 0 {
            break;
        }
        let line = Line::new(&current);
        let verdict = detect::best_verdict(&line, opts, chains);
        let whole = verdict.as_ref().is_some_and(|v| v.whole);
        let one = verdict.map(|v| undo(&line, &v));
        // A single layer that leaves nothing for the scanner to see is the
        // whole story; otherwise two layers undone together may explain
        // the line better.
        let complete = one
            .as_ref()
            .is_some_and(|(fixed, _)| !crate::scan::may_be_mojibake(fixed));
        let two = if complete {
            None
        } else {
            let gain_one = one.as_ref().map_or(0.0, |(fixed, _)| {
                score::text_cost(line.text) - score::text_cost(fixed)
            });
            two_layers(&line, gain_one, chains)
        };
        let (fixed, steps) = match (two, one) {
            (Some(two), _) => {
                proven = false;
                two
            }
            (None, Some(one)) => {
                proven &= whole;
                one
            }
            (None, None) => break,
        };
        if layer == max_layers {
            // More layers than the cap: a partial repair would still be
            // mojibake (and repairing it again would change it again).
            return (Cow::Borrowed(text), Plan::new());
        }
        plan.extend(steps);
        current = Cow::Owned(fixed);
    }
    if !plan.is_empty() && !proven && is_residue(text, &current) {
        // Repairs that leave the line about as implausible as it was are
        // guesses in a hopeless garble (unless the structure proved them):
        // leave it as it was.
        return (Cow::Borrowed(text), Plan::new());
    }
    (current, plan)
}

/// A repair is a guess when the repaired line still costs this much per
/// character, and more than this share of what it cost before.
const RESIDUE_DENSITY: f32 = 1.0;
const RESIDUE_SHARE: f32 = 0.5;

/// U+FFFD marks bytes a decoder lost before the line reached us: the
/// repair keeps one for each lost character and cannot do better, so the
/// guard weighs the rest of the line (each U+FFFD costing as a space
/// does, and not counted as a character).
fn is_residue(before: &str, after: &str) -> bool {
    let known = |text: &str| -> (f32, usize) {
        let count = text.chars().filter(|&c| c != '\u{FFFD}').count();
        (score::text_cost(&text.replace('\u{FFFD}', " ")), count)
    };
    let (cost, count) = known(after);
    cost > RESIDUE_DENSITY * count as f32 && cost > RESIDUE_SHARE * known(before).0
}

/// How much cheaper two layers undone together must make a line when
/// neither layer convinces on its own.
const TWO_LAYER_GAIN: f32 = 4.0;

/// Mojibake of mojibake whose middle layer looks as bad as its top one
/// (`Г‚ВЈ` → `Â£` → `£`): undo every sequence of a chain unjudged, then ask
/// the detector about the result, and keep both layers when together they
/// make the line much cheaper, and cheaper than the best single layer
/// (which gained `gain_one`) by as much again. Clean text is cheap
/// already, so it cannot gain this much.
///
/// Both layers are taken intact: restoring lost or flattened bytes is
/// too much guessing for a repair that no single layer supports.
fn two_layers(line: &Line<'_>, gain_one: f32, chains: ChainMask) -> Option<(String, Plan)> {
    let opts = Options::default();
    let before = score::text_cost(line.text);
    // Every cost is at least zero, so no repair gains more than the line
    // costs as written: a line cheaper than the gain asked for has no
    // second layer to find.
    if before < TWO_LAYER_GAIN {
        return None;
    }
    let mut best: Option<(f32, String, Plan)> = None;
    // Chains whose sequences make the same middle line (windows-1252 and
    // windows-1254 agree on most bytes) find the same second layer and
    // the same gain, which never beats the first of them: each middle is
    // asked once.
    let mut middles: Vec<String> = Vec::new();
    for (_, chain) in crate::scan::chains_in(chains).filter(|(_, c)| c.is_utf8() && !c.is_wide()) {
        let seqs = detect::sequences(line, chain, opts);
        if seqs.is_empty() {
            continue;
        }
        let middle = line.splice(seqs.iter());
        if middles.contains(&middle) {
            continue;
        }
        middles.push(middle.clone());
        let middle_line = Line::new(&middle);
        let middle_chains = crate::scan::suspects(&middle);
        let Some(verdict) = detect::best_narrow_verdict(&middle_line, opts, middle_chains)
            .filter(|v| v.chain.is_utf8())
        else {
            continue;
        };
        let (fixed, second) = undo(&middle_line, &verdict);
        let gain = before - score::text_cost(&fixed);
        let enough = gain >= TWO_LAYER_GAIN && gain >= gain_one + TWO_LAYER_GAIN;
        if enough && best.as_ref().is_none_or(|b| gain > b.0) {
            let mut plan = layer_plan(line.text, &middle, chain, false, false);
            plan.extend(second);
            best = Some((gain, fixed, plan));
        }
    }
    best.map(|(_, fixed, plan)| (fixed, plan))
}

/// Replaces the accepted sequences of `verdict` and says how.
fn undo(line: &Line<'_>, verdict: &Verdict) -> (String, Plan) {
    let accepted = verdict.accepted();
    let fixed = line.splice(accepted.clone());
    let restored_a0 = accepted.clone().any(|s| s.restored == Restored::ByteA0);
    let restored_lost = accepted.clone().any(|s| s.restored == Restored::LostByte);
    let plan = layer_plan(line.text, &fixed, verdict.chain, restored_a0, restored_lost);
    (fixed, plan)
}

/// The plan of one layer: whole-text steps when they are exactly what
/// happened, `reinterpret` otherwise.
fn layer_plan(text: &str, fixed: &str, chain: Chain, a0: bool, lost: bool) -> Plan {
    whole_text_plan(text, fixed, chain, a0, lost).unwrap_or_else(|| {
        let mut plan = Plan::new();
        plan.push(Step::Reinterpret {
            wrong: chain.wrong,
            right: chain.right,
        });
        plan
    })
}

/// `encode wrong; [restore byte A0;] decode right`, when that is exactly
/// what happened to the whole line, and (without A0) its inverse exactly
/// re-creates the line.
fn whole_text_plan(text: &str, fixed: &str, chain: Chain, a0: bool, lost: bool) -> Option<Plan> {
    if lost {
        return None;
    }
    let wrongs: &[Codec] = if chain.wrong == Codec::Windows1252 {
        &[Codec::Windows1252, Codec::Latin1]
    } else {
        std::slice::from_ref(&chain.wrong)
    };
    for &wrong in wrongs {
        let Some(mut bytes) = wrong.encode(text) else {
            continue;
        };
        if a0 {
            bytes = restore_byte_a0(&bytes);
        }
        // Both ways exactly: the plan is a transcoder only when its inverse
        // also re-creates the line (a CJK decoder reads some codes that its
        // encoder never writes).
        let forward = chain.right.decode(&bytes).as_deref() == Some(fixed);
        let backward = a0
            || chain
                .right
                .encode(fixed)
                .and_then(|b| wrong.decode(&b))
                .as_deref()
                == Some(text);
        if forward && backward {
            let mut plan = Plan::new();
            plan.push(Step::Encode(wrong));
            if a0 {
                plan.push(Step::RestoreByteA0);
            }
            plan.push(Step::Decode(chain.right));
            return Some(plan);
        }
    }
    None
}

/// Puts byte A0 back where a space stands inside an otherwise well-formed
/// UTF-8 sequence (a no-break space, encoded as `C2 A0` or ending `à` as
/// `C3 A0`, that some tool flattened to a plain space).
///
/// ```
/// // "à " in UTF-8 is C3 A0 20; flattened, C3 20 20.
/// # // The function is exercised through the public plan API:
/// let plan: mojifix::Plan = "encode windows-1252; restore byte A0; decode utf-8".parse().unwrap();
/// assert_eq!(plan.apply("Ã  la carte").unwrap(), "à la carte");
/// ```
pub(crate) fn restore_byte_a0(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i < out.len() {
        let len = match out.get(i).copied().unwrap_or_default() {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        let Some(window) = out.get(i..i + len) else {
            break;
        };
        let spaces: Vec<usize> = (1..len).filter(|&k| window.get(k) == Some(&b' ')).collect();
        if let [k] = spaces[..] {
            let mut candidate = window.to_vec();
            candidate.iter_mut().skip(k).take(1).for_each(|b| *b = 0xA0);
            if std::str::from_utf8(&candidate).is_ok() {
                out.iter_mut().skip(i + k).take(1).for_each(|b| *b = 0xA0);
                i += len;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Re-decodes every sequence of `chain` in `text`, without judging them:
/// the replay of a `reinterpret` step.
pub(crate) fn reinterpret_all(text: &str, chain: Chain) -> Cow<'_, str> {
    let opts = Options {
        restore_byte_a0: true,
        restore_lost_bytes: true,
    };
    let mut out = String::new();
    let mut changed = false;
    for (content, ending) in crate::lines::split(text) {
        let line = Line::new(content);
        let seqs = detect::sequences(&line, chain, opts);
        if seqs.is_empty() {
            out.push_str(content);
        } else {
            out.push_str(&line.splice(seqs.iter()));
            changed = true;
        }
        out.push_str(ending);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_byte_a0_only_inside_sequences() {
        assert_eq!(restore_byte_a0(b"\xc3 x"), b"\xc3\xa0x");
        assert_eq!(restore_byte_a0(b"a b"), b"a b");
        assert_eq!(restore_byte_a0(b"\xe2\x80 "), b"\xe2\x80\xa0");
        assert_eq!(restore_byte_a0(b"\xc3"), b"\xc3");
    }

    #[test]
    fn reinterpret_replays_on_mixed_text() {
        let chain = Chain::find(Codec::Windows1252, Codec::Utf8).unwrap();
        assert_eq!(reinterpret_all("café and cafÃ©", chain), "café and café");
    }
}
