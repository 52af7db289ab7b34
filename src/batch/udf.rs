//! The scalar functions the link plans call, registered on every DataFusion or
//! Ballista session by name (a Ballista executor finds them in the session
//! state it was started with). Each wraps the function the corpus index uses,
//! so the batch linker and the editor compute the same numbers.
//!
//! * `newsdesk_key_weight(filed, df)` — [`matching::key_weight`].
//! * `newsdesk_quote_score(a_keys, a_clauses, a_weights, a_speaker, a_context,
//!   b_keys, b_clauses, b_weights, b_speaker, b_context, threshold)` —
//!   [`matching::pair_score`] of two quotations, `a` the one placed first.

use crate::analysis::quotes::matching::{self, IdSig, SimScratch};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float32Array, ListArray, StringArray};
use datafusion::arrow::datatypes::{DataType, Float32Type, UInt16Type, UInt32Type, UInt64Type};
use datafusion::common::{exec_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

/// Every function of this module, to register on a session.
pub fn all() -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::from(KeyWeight::new()),
        ScalarUDF::from(QuoteScore::new()),
    ]
}

/// A session state of `config` with DataFusion's own functions and these: what
/// the linker plans with, and what newsdesk's Ballista scheduler builds every
/// job's session from ([`super::cluster`]).
pub fn state_with_functions(
    config: datafusion::prelude::SessionConfig,
) -> Result<datafusion::execution::SessionState> {
    state_in(config, None)
}

/// [`state_with_functions`], with at most `memory` bytes for the plans'
/// joins, aggregates and sorts (what does not fit spills into `spill`'s
/// folder) when given.
pub fn state_in(
    config: datafusion::prelude::SessionConfig,
    memory: Option<(usize, std::path::PathBuf)>,
) -> Result<datafusion::execution::SessionState> {
    use datafusion::execution::FunctionRegistry;
    let mut builder = datafusion::execution::SessionStateBuilder::new()
        .with_config(config)
        .with_default_features();
    if let Some((bytes, spill)) = memory {
        // shared fairly among the operators that can spill (sorts,
        // aggregates), so that one sort cannot starve an aggregate
        let pool = datafusion::execution::memory_pool::FairSpillPool::new(bytes);
        let env = datafusion::execution::runtime_env::RuntimeEnvBuilder::new()
            .with_memory_pool(Arc::new(pool))
            .with_temp_file_path(spill)
            .build()?;
        builder = builder.with_runtime_env(Arc::new(env));
    }
    let mut state = builder.build();
    for f in all() {
        state.register_udf(Arc::new(f))?;
    }
    Ok(state)
}

/// `newsdesk_key_weight(filed UInt64, df UInt64) -> Float32`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct KeyWeight {
    signature: Signature,
}

impl KeyWeight {
    fn new() -> Self {
        KeyWeight {
            signature: Signature::exact(
                vec![DataType::UInt64, DataType::UInt64],
                Volatility::Immutable,
            ),
        }
    }
}

impl ScalarUDFImpl for KeyWeight {
    fn name(&self) -> &str {
        "newsdesk_key_weight"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float32)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let filed = arrays[0].as_primitive::<UInt64Type>();
        let df = arrays[1].as_primitive::<UInt64Type>();
        let out: Float32Array = (0..filed.len())
            .map(|i| {
                (filed.is_valid(i) && df.is_valid(i)).then(|| {
                    let d = u32::try_from(df.value(i)).unwrap_or(u32::MAX);
                    matching::key_weight(filed.value(i) as usize, d)
                })
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(out)))
    }
}

/// `newsdesk_quote_score(...) -> Float32`; see the module docs.
#[derive(Debug, PartialEq, Eq, Hash)]
struct QuoteScore {
    signature: Signature,
}

impl QuoteScore {
    fn new() -> Self {
        let list = |t: DataType| DataType::new_list(t, true);
        let side = [
            list(DataType::UInt32),
            list(DataType::UInt16),
            list(DataType::Float32),
            DataType::Utf8,
            list(DataType::UInt32),
        ];
        let mut types: Vec<DataType> = side.iter().chain(side.iter()).cloned().collect();
        types.push(DataType::Float32);
        QuoteScore {
            signature: Signature::exact(types, Volatility::Immutable),
        }
    }
}

/// One quotation as `newsdesk_quote_score` reads it: signature, term
/// weights, speaker key, context sketch.
type Row<'a> = (IdSig, Vec<f32>, Option<&'a str>, Vec<u32>);

/// One side's columns, as arrays.
struct Side<'a> {
    keys: &'a ListArray,
    clauses: &'a ListArray,
    weights: &'a ListArray,
    speaker: &'a StringArray,
    context: &'a ListArray,
}

impl<'a> Side<'a> {
    fn of(a: &'a [ArrayRef]) -> Result<Self> {
        let list = |x: &'a ArrayRef, what: &str| -> Result<&'a ListArray> {
            match x.as_list_opt::<i32>() {
                Some(l) => Ok(l),
                None => exec_err!("newsdesk_quote_score: {what} is not a list"),
            }
        };
        let Some(speaker) = a[3].as_string_opt::<i32>() else {
            return exec_err!("newsdesk_quote_score: the speaker is not a string");
        };
        Ok(Side {
            keys: list(&a[0], "keys")?,
            clauses: list(&a[1], "clauses")?,
            weights: list(&a[2], "weights")?,
            speaker,
            context: list(&a[4], "context")?,
        })
    }

    /// Row `i`'s signature, weights, speaker and context; `None` when the
    /// signature is inconsistent (a file not written by newsdesk export).
    fn row(&self, i: usize) -> Option<Row<'a>> {
        if self.keys.is_null(i) || self.clauses.is_null(i) || self.weights.is_null(i) {
            return None;
        }
        let keys: Vec<u32> = self
            .keys
            .value(i)
            .as_primitive::<UInt32Type>()
            .values()
            .to_vec();
        let clauses: Vec<u16> = self
            .clauses
            .value(i)
            .as_primitive::<UInt16Type>()
            .values()
            .to_vec();
        let weights: Vec<f32> = self
            .weights
            .value(i)
            .as_primitive::<Float32Type>()
            .values()
            .to_vec();
        if weights.len() != keys.len() {
            return None;
        }
        let sig = IdSig::from_parts(keys, clauses)?;
        let speaker = (!self.speaker.is_null(i)).then(|| self.speaker.value(i));
        let context = if self.context.is_null(i) {
            Vec::new()
        } else {
            self.context
                .value(i)
                .as_primitive::<UInt32Type>()
                .values()
                .to_vec()
        };
        Some((sig, weights, speaker, context))
    }
}

impl ScalarUDFImpl for QuoteScore {
    fn name(&self) -> &str {
        "newsdesk_quote_score"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float32)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        if arrays.len() != 11 {
            return exec_err!("newsdesk_quote_score takes 11 arguments");
        }
        let a = Side::of(&arrays[0..5])?;
        let b = Side::of(&arrays[5..10])?;
        let threshold = arrays[10].as_primitive::<Float32Type>();
        let mut scratch = SimScratch::default();
        let n = arrays[0].len();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let (Some(x), Some(y)) = (a.row(i), b.row(i)) else {
                out.push(None);
                continue;
            };
            let t = if threshold.is_null(i) {
                0.0
            } else {
                threshold.value(i)
            };
            let s = matching::pair_score(
                matching::Scored {
                    sig: &x.0,
                    weights: &x.1,
                    speaker: x.2,
                    context: Some(&x.3),
                },
                matching::Scored {
                    sig: &y.0,
                    weights: &y.1,
                    speaker: y.2,
                    context: Some(&y.3),
                },
                t,
                &mut scratch,
            );
            out.push(Some(s));
        }
        Ok(ColumnarValue::Array(Arc::new(Float32Array::from(out))))
    }
}
