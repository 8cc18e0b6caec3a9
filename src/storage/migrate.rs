//! Upgrades of older workspace files. Each step takes the JSON of version N to
//! version N+1; opening runs the steps in order, so any older file opens.
//! The file on disk is only rewritten when the user saves.

use serde_json::Value;

/// `STEPS[i]` upgrades version `i + 1` to `i + 2`.
const STEPS: &[Step] = &[v1_to_v2, v2_to_v3];

pub const OLDEST_SUPPORTED: u64 = 1;

type Step = fn(&mut Value) -> Result<(), String>;

/// Upgrades `doc` from `from` to the current schema.
pub fn upgrade(doc: &mut Value, from: u64) -> Result<(), String> {
    upgrade_with(STEPS, doc, from)
}

fn upgrade_with(steps: &[Step], doc: &mut Value, from: u64) -> Result<(), String> {
    if from < OLDEST_SUPPORTED {
        return Err(format!("schema version {from} is not one Stance Tracker ever wrote"));
    }
    for (i, step) in steps.iter().enumerate().skip((from - OLDEST_SUPPORTED) as usize) {
        step(doc).map_err(|e| format!("upgrading from schema {}: {e}", i as u64 + OLDEST_SUPPORTED))?;
        doc["schema_version"] = Value::from(i as u64 + OLDEST_SUPPORTED + 1);
    }
    Ok(())
}

/// Schema 2 seals the file with a checksum (written by every save, absent
/// from older files, so nothing to add) and records bulk decisions on
/// stances (none were bulk-marked before). The layout is otherwise the same;
/// the step only checks that what it upgrades is shaped like a workspace.
fn v1_to_v2(doc: &mut Value) -> Result<(), String> {
    for list in ["articles", "actors", "issues", "stances"] {
        if !doc.get(list).is_some_and(Value::is_array) {
            return Err(format!("\"{list}\" is missing or not a list"));
        }
    }
    Ok(())
}

/// Schema 3 brings coders: every stance decided before them (accepted or
/// rejected) becomes the coding of a coder named "unknown", so it stays in
/// one layer and counts as before; undecided suggestions belong to nobody.
/// Articles gain a metadata map, done marks and the reliability sample
/// start empty — their defaults, nothing to write.
fn v2_to_v3(doc: &mut Value) -> Result<(), String> {
    let next = doc
        .get("next_id")
        .and_then(Value::as_u64)
        .ok_or("\"next_id\" is missing")?;
    let stances = doc
        .get_mut("stances")
        .and_then(Value::as_array_mut)
        .ok_or("\"stances\" is missing or not a list")?;
    let mut claimed = false;
    for s in stances.iter_mut() {
        let decided = s
            .get("status")
            .and_then(Value::as_str)
            .is_some_and(|st| st != "pending");
        if decided {
            let by = serde_json::json!({"coder": next, "created_by": next, "modified_by": next});
            s.as_object_mut()
                .ok_or("a stance is not an object")?
                .insert("by".into(), by);
            claimed = true;
        }
    }
    if claimed {
        let color = crate::model::palette_color(crate::model::UNKNOWN_CODER);
        doc["coders"] = serde_json::json!([{"id": next, "name": crate::model::UNKNOWN_CODER, "color": color}]);
        doc["next_id"] = Value::from(next + 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rename_notes(doc: &mut Value) -> Result<(), String> {
        let actors = doc["actors"].as_array_mut().ok_or("no actors")?;
        for a in actors {
            let notes = a
                .as_object_mut()
                .ok_or("actor is not an object")?
                .remove("comment")
                .unwrap_or_default();
            a["notes"] = notes;
        }
        Ok(())
    }

    fn add_field(doc: &mut Value) -> Result<(), String> {
        doc["added_in_3"] = Value::Bool(true);
        Ok(())
    }

    #[test]
    fn steps_run_in_order_from_the_file_version() {
        let steps: &[Step] = &[rename_notes, add_field];
        let mut doc = serde_json::json!({"schema_version": 1, "actors": [{"comment": "x"}]});
        upgrade_with(steps, &mut doc, 1).unwrap();
        assert_eq!(doc["schema_version"], 3);
        assert_eq!(doc["actors"][0]["notes"], "x");
        assert_eq!(doc["added_in_3"], true);
        // A version-2 file only takes the second step.
        let mut doc = serde_json::json!({"schema_version": 2, "actors": [{"comment": "kept"}]});
        upgrade_with(steps, &mut doc, 2).unwrap();
        assert_eq!(doc["actors"][0]["comment"], "kept");
        assert_eq!(doc["schema_version"], 3);
        // A failing step names the version.
        let mut bad = serde_json::json!({"schema_version": 1});
        assert!(
            upgrade_with(steps, &mut bad, 1)
                .unwrap_err()
                .contains("upgrading from schema 1")
        );
        assert!(upgrade_with(steps, &mut bad, 0).is_err());
    }
}
