//! Upgrades of older workspace files. Each step takes the JSON of version N to
//! version N+1; opening runs the steps in order, so any older file opens.
//! The file on disk is only rewritten when the user saves.

use serde_json::Value;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`. Schema 1 is the first
/// published layout, so there is nothing to upgrade yet.
const STEPS: &[fn(&mut Value) -> Result<(), String>] = &[];

pub const OLDEST_SUPPORTED: u64 = 1;

/// Upgrades `doc` from `from` to the current schema.
pub fn upgrade(doc: &mut Value, from: u64) -> Result<(), String> {
    if from < OLDEST_SUPPORTED {
        return Err(format!("schema version {from} is not one Stance Tracker ever wrote"));
    }
    for (i, step) in STEPS.iter().enumerate().skip((from - OLDEST_SUPPORTED) as usize) {
        step(doc).map_err(|e| format!("upgrading from schema {}: {e}", i as u64 + OLDEST_SUPPORTED))?;
        doc["schema_version"] = Value::from(i as u64 + OLDEST_SUPPORTED + 1);
    }
    Ok(())
}
