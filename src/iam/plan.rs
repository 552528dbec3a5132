//! The decisions of a rotation, from a user's key list alone (no I/O): which key a new one
//! retires, what blocks a rotation, what `--finish` deactivates and deletes. Shared by the command
//! line and the wizard.

use super::KeyInfo;

/// What a key is in the rotation, as `seskey keys` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The user's only key: `rotate` adds a new one and later retires this one.
    Only,
    /// The newest of two keys: the one the application should use; never touched.
    Newest,
    /// An older key: `rotate --finish` deactivates (and with `--delete`, deletes) it.
    Old,
}

/// The role of each key, in the order given. The newest is the one created last (ties: the
/// later in the list, which IAM returns in creation order).
pub fn roles(keys: &[KeyInfo]) -> Vec<Role> {
    match newest(keys) {
        None => Vec::new(),
        Some(_) if keys.len() == 1 => vec![Role::Only],
        Some(n) => (0..keys.len())
            .map(|i| if i == n { Role::Newest } else { Role::Old })
            .collect(),
    }
}

/// Index of the newest key.
pub fn newest(keys: &[KeyInfo]) -> Option<usize> {
    (0..keys.len()).max_by_key(|&i| (keys[i].created.unwrap_or(i64::MIN), i))
}

/// What `rotate` does before creating the new key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationPlan {
    /// An inactive key to delete first (`--delete-inactive`), to make room.
    pub delete_first: Option<KeyInfo>,
    /// The key the new one replaces (to retire with `--finish` once the application moved).
    pub old: Option<KeyInfo>,
}

/// Why `rotate` cannot create a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RotationBlocked {
    /// Two keys (the IAM limit), both active: the operator must finish the last rotation first.
    TwoActive,
    /// Two keys, one inactive: `--delete-inactive` would delete it.
    TwoWithInactive {
        /// The inactive key's ID.
        inactive: String,
    },
}

/// IAM allows two access keys per user.
pub const KEY_LIMIT: usize = 2;

/// Plans a rotation for a user with `keys`. An active key is never deleted here.
pub fn plan_rotation(
    keys: &[KeyInfo],
    delete_inactive: bool,
) -> Result<RotationPlan, RotationBlocked> {
    if keys.len() < KEY_LIMIT {
        return Ok(RotationPlan {
            delete_first: None,
            old: keys.first().cloned(),
        });
    }
    // The oldest inactive key goes first; the other key is the one the new key replaces.
    let mut inactive: Vec<&KeyInfo> = keys.iter().filter(|k| !k.active).collect();
    inactive.sort_by_key(|k| k.created.unwrap_or(i64::MIN));
    let Some(victim) = inactive.first() else {
        return Err(RotationBlocked::TwoActive);
    };
    if !delete_inactive {
        return Err(RotationBlocked::TwoWithInactive {
            inactive: victim.id.clone(),
        });
    }
    Ok(RotationPlan {
        delete_first: Some((*victim).clone()),
        old: keys.iter().find(|k| k.id != victim.id).cloned(),
    })
}

/// What `rotate --finish` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishPlan {
    /// The newest key, which stays.
    pub keep: KeyInfo,
    /// Active older keys to deactivate.
    pub deactivate: Vec<KeyInfo>,
    /// Older keys to delete (with `--delete`): the inactive ones, and those deactivated now.
    pub delete: Vec<KeyInfo>,
}

/// Why `rotate --finish` stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishBlocked {
    /// The user has no key, or only one: there is nothing to retire.
    NothingToRetire,
    /// The newest key, the one that would stay, is inactive: retiring the others would leave the
    /// user without a working key. `--force` does not override this.
    KeepInactive {
        /// The newest key.
        key: KeyInfo,
    },
    /// An older active key was used after the newest was created, or its last use could not be
    /// read: something may still send with it.
    StillInUse {
        /// The older key.
        key: KeyInfo,
    },
}

/// Plans `rotate --finish`. `force` deactivates a key even when it was used after the newest key
/// was created.
pub fn plan_finish(
    keys: &[KeyInfo],
    delete: bool,
    force: bool,
) -> Result<FinishPlan, FinishBlocked> {
    let Some(n) = newest(keys).filter(|_| keys.len() > 1) else {
        return Err(FinishBlocked::NothingToRetire);
    };
    let keep = keys[n].clone();
    if !keep.active {
        return Err(FinishBlocked::KeepInactive { key: keep });
    }
    let older: Vec<&KeyInfo> = keys
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != n)
        .map(|(_, k)| k)
        .collect();
    let mut deactivate = Vec::new();
    for k in older.iter().filter(|k| k.active) {
        if !force && used_after(k, keep.created) {
            return Err(FinishBlocked::StillInUse { key: (*k).clone() });
        }
        deactivate.push((*k).clone());
    }
    let delete = if delete {
        older.into_iter().cloned().collect()
    } else {
        Vec::new()
    };
    Ok(FinishPlan {
        keep,
        deactivate,
        delete,
    })
}

/// Whether `key` was, or may have been, used since `created`. A last use that could not be read,
/// or a newest key of unknown age, counts as used: only `--force` retires a key on no evidence.
fn used_after(key: &KeyInfo, created: Option<i64>) -> bool {
    let Some(used) = key.last_used.as_ref() else {
        return true;
    };
    match (used.date, created) {
        (Some(used), Some(created)) => used >= created,
        (None, _) => false,
        (Some(_), None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_key as key;
    use super::*;

    #[test]
    fn finish_never_retires_keys_for_an_inactive_newest_key() {
        let keys = [key("OLD", true, 1, None), key("NEW", false, 5, None)];
        for (delete, force) in [(false, false), (true, false), (true, true)] {
            assert!(matches!(
                plan_finish(&keys, delete, force),
                Err(FinishBlocked::KeepInactive { .. })
            ));
        }
    }

    #[test]
    fn an_unreadable_last_use_blocks_finish_unless_forced() {
        let mut old = key("OLD", true, 1, None);
        old.last_used = None;
        let keys = [old, key("NEW", true, 5, None)];
        assert!(matches!(
            plan_finish(&keys, false, false),
            Err(FinishBlocked::StillInUse { .. })
        ));
        assert_eq!(plan_finish(&keys, false, true).unwrap().deactivate.len(), 1);
    }

    #[test]
    fn roles_name_the_newest_and_the_old() {
        assert_eq!(roles(&[]), vec![]);
        assert_eq!(roles(&[key("A", true, 5, None)]), vec![Role::Only]);
        let two = [key("B", true, 9, None), key("A", true, 5, None)];
        assert_eq!(roles(&two), vec![Role::Newest, Role::Old]);
    }

    #[test]
    fn rotation_with_room_replaces_the_only_key() {
        let p = plan_rotation(&[key("A", true, 5, None)], false).unwrap();
        assert_eq!(p.old.unwrap().id, "A");
        assert!(p.delete_first.is_none());
        assert_eq!(plan_rotation(&[], false).unwrap().old, None);
    }

    #[test]
    fn two_keys_block_unless_an_inactive_one_may_go() {
        let both = [key("A", true, 5, None), key("B", true, 9, None)];
        assert_eq!(plan_rotation(&both, true), Err(RotationBlocked::TwoActive));
        let one_off = [key("A", false, 5, None), key("B", true, 9, None)];
        assert_eq!(
            plan_rotation(&one_off, false),
            Err(RotationBlocked::TwoWithInactive {
                inactive: "A".into()
            })
        );
        let p = plan_rotation(&one_off, true).unwrap();
        assert_eq!(p.delete_first.unwrap().id, "A");
        assert_eq!(p.old.unwrap().id, "B");
    }

    #[test]
    fn finish_deactivates_the_older_key_and_deletes_on_request() {
        let keys = [key("OLD", true, 5, Some(6)), key("NEW", true, 9, None)];
        let p = plan_finish(&keys, false, false).unwrap();
        assert_eq!(p.keep.id, "NEW");
        assert_eq!(p.deactivate.len(), 1);
        assert!(p.delete.is_empty());
        let keys = [key("OLD", false, 5, Some(6)), key("NEW", true, 9, None)];
        let p = plan_finish(&keys, true, false).unwrap();
        assert!(p.deactivate.is_empty());
        assert_eq!(p.delete[0].id, "OLD");
    }

    #[test]
    fn finish_refuses_a_key_used_after_the_new_one_unless_forced() {
        let keys = [key("OLD", true, 5, Some(10)), key("NEW", true, 9, None)];
        assert!(matches!(
            plan_finish(&keys, false, false),
            Err(FinishBlocked::StillInUse { .. })
        ));
        assert_eq!(plan_finish(&keys, false, true).unwrap().deactivate.len(), 1);
        assert_eq!(
            plan_finish(&keys[1..], true, true),
            Err(FinishBlocked::NothingToRetire)
        );
    }
}
