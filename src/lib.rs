//! isms-site: turn an ISO/IEC 27001 ISMS source folder into a cross-linked
//! static evidence site.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`source`] (load) -> [`resolve`] -> [`analyse`] -> [`render`] -> [`output`].
//! [`cmd`] holds one function per subcommand and drives the pipeline.

pub mod analyse;
pub mod catalog;
pub mod cmd;
pub mod diag;
pub mod digest;
pub mod escape;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod source;
pub mod timings;
