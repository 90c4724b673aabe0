//! Statistics over evaluated cases, shared by `ddx eval`, `ddx runs compare` and `ddx report`:
//! one run's metrics (accuracy with its interval, per-class precision and recall, the confusion
//! matrix, calibration), tests on paired classifiers (McNemar, Cochran's Q, the paired difference
//! with its interval), agreement between raters (Cohen's and Fleiss' kappa, Krippendorff's
//! alpha), the comparison of several runs on the cases they share, and the summary of an audit
//! probe (flip rate with its exact Clopper-Pearson interval, position bias, accuracy per group).
//! Pure functions: no model, no I/O. Every statistic is checked in its tests against a published
//! example or a peer implementation (SciPy, statsmodels).

pub mod agreement;
pub mod audit;
pub mod compare;
pub mod exact;
pub mod metrics;
pub mod paired;
mod special;
