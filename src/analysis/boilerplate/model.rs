//! The learned line model of the boilerplate rule: two ensembles of
//! regression trees (gradient boosting, log loss), read from a small JSON
//! file and evaluated here without any learning library.
//!
//! The first ensemble reads a line's values ([`super::line_features`]); the
//! second reads the same values and [`context`], what the first one thinks of
//! the lines around. Each gives the log-odds that the line is content: the
//! sum of the `base` and one leaf of every tree. `examples/train_boilerplate.rs`
//! trains both and writes the file.

use super::FEATURES;
use serde_json::{json, Value};
use std::sync::LazyLock;

static SHIPPED: LazyLock<Option<Model>> =
    LazyLock::new(|| from_json(include_str!("../lexicon/boilerplate_model.json")).ok());

/// The model shipped with newsdesk (`src/analysis/lexicon/boilerplate_model.json`);
/// `None` only if that file were unreadable, which a test rules out.
pub fn shipped() -> Option<&'static Model> {
    SHIPPED.as_ref()
}

/// Number of values [`context`] adds to a line's own.
pub const CONTEXT: usize = 8;

/// Names of the [`context`] values, in order.
pub const CONTEXT_NAMES: [&str; CONTEXT] = [
    "first_p",
    "first_p_near",
    "first_p_window",
    "first_p_window_max",
    "first_p_prev",
    "first_p_next",
    "first_p_mass_before",
    "first_p_page",
];

/// One node of a tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A leaf: its share of the log-odds.
    Leaf(f32),
    /// Go to `left` when value `feature` is below `below`, else to `right`.
    Split {
        feature: u16,
        below: f32,
        left: u32,
        right: u32,
    },
}

/// One ensemble: the log-odds of content are `base` plus one leaf per tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    /// How many values a row has.
    pub inputs: usize,
    pub base: f64,
    /// Each tree's nodes, root first.
    pub trees: Vec<Vec<Node>>,
    /// Every tree's nodes in one array (a split's children after it), and
    /// where each tree starts: what [`Ensemble::logit`] walks.
    flat: Vec<Flat>,
    roots: Vec<u32>,
}

/// A node of the flat array: a leaf when `feature` is [`LEAF`], its value
/// in `below`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Flat {
    below: f32,
    left: u32,
    right: u32,
    feature: u16,
}

const LEAF: u16 = u16::MAX;

impl Ensemble {
    /// An ensemble of `trees` over rows of `inputs` values; refused when a
    /// split reads a value past `inputs` or points at a node that is not
    /// after it in its tree (so that every walk ends).
    pub fn new(inputs: usize, base: f64, trees: Vec<Vec<Node>>) -> Result<Ensemble, String> {
        let mut flat = Vec::new();
        let mut roots = Vec::with_capacity(trees.len());
        for (t, tree) in trees.iter().enumerate() {
            if tree.is_empty() {
                return Err(format!("tree {t} has no nodes"));
            }
            let off = flat.len() as u32;
            roots.push(off);
            for (i, node) in tree.iter().enumerate() {
                flat.push(match *node {
                    Node::Leaf(v) => Flat {
                        below: v,
                        left: 0,
                        right: 0,
                        feature: LEAF,
                    },
                    Node::Split {
                        feature,
                        below,
                        left,
                        right,
                    } => {
                        let bad = usize::from(feature) >= inputs
                            || left as usize >= tree.len()
                            || right as usize >= tree.len()
                            || left as usize <= i
                            || right as usize <= i;
                        if bad {
                            return Err(format!("tree {t} points outside itself or its inputs"));
                        }
                        Flat {
                            below,
                            left: off + left,
                            right: off + right,
                            feature,
                        }
                    }
                });
            }
        }
        Ok(Ensemble {
            inputs,
            base,
            trees,
            flat,
            roots,
        })
    }

    /// Log-odds that the line with values `x` is content.
    pub fn logit(&self, x: &[f32]) -> f64 {
        let mut z = self.base;
        for &root in &self.roots {
            let mut n = self.flat[root as usize];
            while n.feature != LEAF {
                let v = x.get(usize::from(n.feature)).copied().unwrap_or(0.0);
                n = self.flat[if v < n.below { n.left } else { n.right } as usize];
            }
            z += f64::from(n.below);
        }
        z
    }

    /// Probability of content for every line (0 for blank lines).
    pub fn probabilities(&self, rows: &[[f32; FEATURES]], blank: &[bool]) -> Vec<f32> {
        rows.iter()
            .zip(blank)
            .map(|(x, b)| if *b { 0.0 } else { sigmoid(self.logit(x)) })
            .collect()
    }
}

/// Both stages.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub first: Ensemble,
    pub second: Ensemble,
}

impl Model {
    /// The first stage's probability of content for every line.
    pub fn first_stage(&self, rows: &[[f32; FEATURES]], blank: &[bool]) -> Vec<f32> {
        self.first.probabilities(rows, blank)
    }

    /// The model's probability of content for every line (0 for blank lines).
    pub fn predict(&self, rows: &[[f32; FEATURES]], blank: &[bool]) -> Vec<f32> {
        self.predict_some(rows, blank, |_| true)
    }

    /// [`Model::predict`] for the lines `wanted` says; the others get 0.5.
    /// The first stage still reads every line: the second reads what it
    /// thinks of the neighbours.
    pub fn predict_some(
        &self,
        rows: &[[f32; FEATURES]],
        blank: &[bool],
        wanted: impl Fn(usize) -> bool,
    ) -> Vec<f32> {
        let p1 = self.first_stage(rows, blank);
        let ctx = context(&p1, blank);
        let mut x = [0.0f32; FEATURES + CONTEXT];
        (0..rows.len())
            .map(|i| {
                if blank[i] {
                    return 0.0;
                }
                if !wanted(i) {
                    return 0.5;
                }
                x[..FEATURES].copy_from_slice(&rows[i]);
                x[FEATURES..].copy_from_slice(&ctx[i]);
                sigmoid(self.second.logit(&x))
            })
            .collect()
    }
}

fn sigmoid(z: f64) -> f32 {
    (1.0 / (1.0 + (-z).exp())) as f32
}

/// What the first stage thinks of the lines around each line, over the
/// non-blank lines: its own probability, the mean within two and within six
/// lines either side, the highest within six, the nearest line before and
/// after, the share of the page's probability mass before the line, and the
/// page's mean. Linear in the page.
pub fn context(p1: &[f32], blank: &[bool]) -> Vec<[f32; CONTEXT]> {
    let idx: Vec<usize> = (0..p1.len()).filter(|i| !blank[*i]).collect();
    let v: Vec<f32> = idx.iter().map(|i| p1[*i]).collect();
    let n = v.len();
    let mut sum = vec![0.0f32; n + 1];
    for (k, p) in v.iter().enumerate() {
        sum[k + 1] = sum[k] + p;
    }
    let mean = |k: usize, r: usize| {
        let (a, z) = (k.saturating_sub(r), (k + r + 1).min(n));
        (sum[z] - sum[a]) / (z - a) as f32
    };
    let maxes = window_max(&v, 6);
    let total = sum[n].max(1e-6);
    let page = sum[n] / n.max(1) as f32;
    let mut out = vec![[0.0f32; CONTEXT]; p1.len()];
    for (k, &i) in idx.iter().enumerate() {
        out[i] = [
            v[k],
            mean(k, 2),
            mean(k, 6),
            maxes[k],
            if k > 0 { v[k - 1] } else { 0.0 },
            v.get(k + 1).copied().unwrap_or(0.0),
            sum[k] / total,
            page,
        ];
    }
    out
}

/// The highest value within `r` places either side of each place (a
/// monotone queue: linear, whatever `r`).
fn window_max(v: &[f32], r: usize) -> Vec<f32> {
    let n = v.len();
    let mut out = vec![0.0f32; n];
    let mut q: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut next = 0;
    for (k, o) in out.iter_mut().enumerate() {
        while next < n && next <= k + r {
            while q.back().is_some_and(|&j| v[j] <= v[next]) {
                q.pop_back();
            }
            q.push_back(next);
            next += 1;
        }
        while q.front().is_some_and(|&j| j + r < k) {
            q.pop_front();
        }
        *o = q.front().map_or(0.0, |&j| v[j]);
    }
    out
}

/// The model file: what it was trained on, the names of its inputs, and the
/// trees (a leaf is a number, a split `[feature, below, left, right]`).
pub fn to_json(m: &Model, trained_on: &[&str], feature_names: &[&str]) -> String {
    // numbers as their shortest single-precision text: a third of the size
    let ens = |e: &Ensemble| {
        let trees: Vec<String> = e
            .trees
            .iter()
            .map(|t| {
                let nodes: Vec<String> = t
                    .iter()
                    .map(|n| match n {
                        Node::Leaf(v) => format!("{v}"),
                        Node::Split {
                            feature,
                            below,
                            left,
                            right,
                        } => {
                            format!("[{feature},{below},{left},{right}]")
                        }
                    })
                    .collect();
                format!("[{}]", nodes.join(","))
            })
            .collect();
        format!(
            "{{\"inputs\":{},\"base\":{},\"trees\":[\n{}\n]}}",
            e.inputs,
            e.base,
            trees.join(",\n")
        )
    };
    let mut names: Vec<&str> = feature_names.to_vec();
    names.extend(CONTEXT_NAMES);
    let about = "Boilerplate line model of newsdesk: two gradient-boosted tree ensembles giving the log-odds that a line is content. Written by examples/train_boilerplate.rs; do not edit by hand.";
    format!(
        "{{\"about\":{},\n\"trained_on\":{},\n\"inputs\":{},\n\"first\":{},\n\"second\":{}}}\n",
        json!(about),
        json!(trained_on),
        json!(names),
        ens(&m.first),
        ens(&m.second)
    )
}

/// Read a model file written by [`to_json`].
pub fn from_json(s: &str) -> Result<Model, String> {
    let v: Value = serde_json::from_str(s).map_err(|e| e.to_string())?;
    let ens = |key: &str, inputs: usize| -> Result<Ensemble, String> {
        let e = v.get(key).ok_or(format!("no `{key}` ensemble"))?;
        let base = e["base"].as_f64().ok_or("no base")?;
        let trees = e["trees"]
            .as_array()
            .ok_or("no trees")?
            .iter()
            .map(|t| {
                t.as_array()
                    .ok_or("a tree is not a list")?
                    .iter()
                    .map(node)
                    .collect()
            })
            .collect::<Result<Vec<Vec<Node>>, String>>()?;
        Ensemble::new(inputs, base, trees)
    };
    Ok(Model {
        first: ens("first", FEATURES)?,
        second: ens("second", FEATURES + CONTEXT)?,
    })
}

fn node(v: &Value) -> Result<Node, String> {
    if let Some(x) = v.as_f64() {
        return Ok(Node::Leaf(x as f32));
    }
    let a = v
        .as_array()
        .filter(|a| a.len() == 4)
        .ok_or("a node is neither a number nor [feature, below, left, right]")?;
    let int = |k: usize| a[k].as_u64().ok_or("a node index is not a whole number");
    Ok(Node::Split {
        feature: u16::try_from(int(0)?).map_err(|e| e.to_string())?,
        below: a[1].as_f64().ok_or("a split value is not a number")? as f32,
        left: u32::try_from(int(2)?).map_err(|e| e.to_string())?,
        right: u32::try_from(int(3)?).map_err(|e| e.to_string())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stump(feature: u16, below: f32, left: f32, right: f32) -> Vec<Node> {
        vec![
            Node::Split {
                feature,
                below,
                left: 1,
                right: 2,
            },
            Node::Leaf(left),
            Node::Leaf(right),
        ]
    }

    #[test]
    fn the_shipped_model_reads() {
        let m = from_json(include_str!("../lexicon/boilerplate_model.json")).unwrap();
        assert!(m.first.trees.len() >= 10 && m.second.trees.len() >= 10);
        assert!(shipped().is_some());
    }

    #[test]
    fn an_ensemble_adds_one_leaf_of_each_tree_to_its_base() {
        let e = Ensemble::new(
            2,
            0.5,
            vec![stump(0, 1.0, -1.0, 2.0), stump(1, 0.0, 0.25, -0.25)],
        )
        .unwrap();
        assert_eq!(e.logit(&[0.5, 3.0]), 0.5 - 1.0 - 0.25);
        assert_eq!(e.logit(&[1.0, -1.0]), 0.5 + 2.0 + 0.25);
    }

    #[test]
    fn a_model_survives_its_file() {
        let e = Ensemble::new(FEATURES, -1.25, vec![stump(3, 0.125, 1.0, -2.0)]).unwrap();
        let s = Ensemble::new(
            FEATURES + CONTEXT,
            0.0,
            vec![stump(FEATURES as u16 + 1, 0.5, -3.0, 3.0)],
        )
        .unwrap();
        let m = Model {
            first: e,
            second: s,
        };
        assert_eq!(from_json(&to_json(&m, &["a"], &[])).unwrap(), m);
    }

    #[test]
    fn a_tree_pointing_outside_itself_is_refused() {
        let bad =
            r#"{"first":{"base":0,"trees":[[[0,1.0,1,7],1.0]]},"second":{"base":0,"trees":[]}}"#;
        assert!(from_json(bad).unwrap_err().contains("tree 0"));
        // a child before its parent could loop
        let back = vec![
            Node::Split {
                feature: 0,
                below: 1.0,
                left: 0,
                right: 1,
            },
            Node::Leaf(1.0),
        ];
        assert!(Ensemble::new(1, 0.0, vec![back]).is_err());
    }

    #[test]
    fn context_reads_the_non_blank_neighbours() {
        let p = [0.9, 0.0, 0.1, 0.5];
        let blank = [false, true, false, false];
        let c = context(&p, &blank);
        assert_eq!(c[1], [0.0; CONTEXT]);
        assert_eq!(c[2][4], 0.9); // previous non-blank line
        assert_eq!(c[2][5], 0.5);
        assert_eq!(c[0][3], 0.9);
        assert!((c[3][6] - 1.0 / 1.5).abs() < 1e-6); // mass before the last line
    }

    #[test]
    fn window_max_matches_the_plain_definition() {
        let v = [0.3, 0.1, 0.8, 0.2, 0.0, 0.5, 0.4, 0.9, 0.1];
        for r in 0..4 {
            let got = window_max(&v, r);
            for k in 0..v.len() {
                let want = v[k.saturating_sub(r)..(k + r + 1).min(v.len())]
                    .iter()
                    .copied()
                    .fold(0.0f32, f32::max);
                assert_eq!(got[k], want, "r={r} k={k}");
            }
        }
    }
}
