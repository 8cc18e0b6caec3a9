//! Tests of the figure descriptions.
