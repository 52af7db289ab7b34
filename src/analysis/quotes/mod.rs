//! # The quote engine
//!
//! Three stages, each a pure function of one report's text (or of two
//! quotations):
//!
//! 1. [`marks`] pairs the quotation marks of each paragraph and keeps the
//!    marks that do not pair up (the `mismatched-quote` rule reports them).
//! 2. [`extract`] turns the pairs into quotations: the quoted words, their
//!    segments when a quotation is interrupted by its attribution, and the
//!    speaker when the report names one.
//! 3. [`matching`] decides whether two quotations are the same statement,
//!    also when two outlets translated it differently: content-word
//!    signatures, a bound that rejects most pairs without scoring them, and
//!    the score itself. The corpus's quote index
//!    ([`crate::corpus::quote_index`]) asks it for candidates and links.

pub mod extract;
pub mod marks;
pub mod matching;
