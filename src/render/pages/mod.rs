//! Page builders: one file per page kind. Each turns the resolved, analysed
//! site into one page's values ([`PageOut`](super::page::PageOut)); the
//! templates of the theme lay them out. Builders never write files and never
//! use each other's pages, only the shared parts in [`record`].

pub mod action;
pub mod audit;
pub mod context;
pub mod coverage;
pub mod document;
pub mod finding;
pub mod improvement;
pub mod incident;
pub mod indexes;
pub mod metric;
pub mod objective;
pub mod pack;
mod record;
pub mod requirement;
pub mod review;
pub mod review_pack;
pub mod risk;
