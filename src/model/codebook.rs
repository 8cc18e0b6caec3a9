//! The default codebook every new workspace starts with. Users edit it freely;
//! the analysis reads the cue words from the workspace, not from here.

use super::ids::IssueId;
use super::types::{Issue, IssueCues, TargetRules};

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The target rules of the default codebook's issue `key` (none for a key
/// it does not have): what a workspace saved before target rules existed
/// reads its issues with.
pub fn default_target_rules(key: &str) -> TargetRules {
    match key {
        "sanctions" => TargetRules {
            aimed_by: words(&["on", "against"]),
            owner_acts: true,
            condemning_supports: true,
            ..TargetRules::default()
        },
        // "Concessions to Moscow" are made to it, not by it.
        "concessions" => TargetRules {
            aimed_by: words(&["to"]),
            ..TargetRules::default()
        },
        "participation" => TargetRules {
            partners_by: words(&["with", "between"]),
            ..TargetRules::default()
        },
        _ => TargetRules::default(),
    }
}

pub fn default_issues() -> Vec<Issue> {
    let mut issues = vec![
        Issue {
            id: IssueId(0),
            key: "participation".into(),
            label: "Participation".into(),
            description: "Inclusion of the parties in the negotiations.".into(),
            support_means: "Takes part in talks, wants talks, or wants a party at the table.".into(),
            oppose_means: "Refuses talks, walks out, or wants a party kept out.".into(),
            cues: IssueCues {
                topic: words(&[
                    "talks",
                    "negotiation",
                    "negotiations",
                    "negotiate",
                    "meeting",
                    "meet",
                    "summit",
                    "at the table",
                    "seat at",
                    "dialogue",
                    "conversation",
                    "mediate",
                    "mediation",
                    "diplomatic",
                    "treaty",
                    "deal",
                    "agreement",
                    "involvement",
                    "included",
                    "excluded",
                    "exclusion",
                    "bring countries together",
                    "unified response",
                    "convened",
                ]),
                support: words(&[
                    "at the table",
                    "seat at",
                    "prepared to meet",
                    "ready to meet",
                    "willing to meet",
                    "useful",
                    "productive",
                    "constructive",
                    "convened",
                    "included",
                    "bring together",
                    "bring countries together",
                    "keep the deal",
                    "join",
                    "take part",
                    "attend",
                    "participate",
                    "mediate",
                    "facilitate",
                    "futile",
                    "without its involvement",
                    "without their involvement",
                    "without our involvement",
                    "satisfaction",
                    "satisfied",
                    "signed",
                    "signing",
                    "met with",
                    "meets with",
                    "arrange a meeting",
                    "arranged a meeting",
                    "entered into an agreement",
                    "reached an agreement",
                    "agreement has been reached",
                    "in cooperation with",
                    "phone call",
                    "call with",
                    "hold talks",
                    "held talks",
                    "holds talks",
                    "holding talks",
                    "agreed to meet",
                    "agreed to talks",
                ]),
                oppose: words(&[
                    "withdrew",
                    "withdraw",
                    "withdrawal",
                    "walk out",
                    "walked out",
                    "boycott",
                    "refuse to meet",
                    "refused to meet",
                    "reject talks",
                    "exclude",
                    "kept out",
                    "shut out",
                    "break off",
                    "suspend talks",
                ]),
                targets: None,
            },
        },
        Issue {
            id: IssueId(0),
            key: "sanctions".into(),
            label: "Sanctions".into(),
            description: "Sanctions on their target.".into(),
            support_means: "Imposing, keeping or tightening sanctions.".into(),
            oppose_means: "Easing, lifting or rejecting sanctions.".into(),
            cues: IssueCues {
                topic: words(&[
                    "sanction",
                    "sanctions",
                    "sanctioned",
                    "embargo",
                    "ban",
                    "banned",
                    "blockade",
                    "restrictions",
                    "restrict",
                    "pressure",
                    "firmer stance",
                    "penalties",
                    "blacklist",
                ]),
                support: words(&[
                    "impose",
                    "tighten",
                    "tougher",
                    "firmer",
                    "banned",
                    "bans",
                    "banning",
                    "to ban",
                    "restrict",
                    "new restrictions",
                    "sanctioned",
                    "new sanctions",
                    "more sanctions",
                    "extend sanctions",
                    "keep sanctions",
                    "maintain sanctions",
                    "pressure",
                    "blacklisted",
                ]),
                oppose: words(&[
                    "lift",
                    "lifted",
                    "lifting",
                    "ease",
                    "eased",
                    "easing",
                    "reject",
                    "condemn",
                    "oppose",
                    "blockade",
                    "unilateral",
                    "illegal",
                ]),
                targets: None,
            },
        },
        Issue {
            id: IssueId(0),
            key: "concessions".into(),
            label: "Concessions".into(),
            description: "Concessions to reach an agreement.".into(),
            support_means: "Accepts that concessions are needed, or offers them.".into(),
            oppose_means: "Rejects concessions.".into(),
            cues: IssueCues {
                topic: words(&[
                    "concession",
                    "concessions",
                    "compromise",
                    "compromises",
                    "give up",
                    "territorial",
                    "cede",
                ]),
                support: words(&[
                    "require",
                    "need",
                    "offer",
                    "accept",
                    "make",
                    "cede",
                    // Withdrawing a measure the other side objects to gives
                    // ground (the coding rules' "withdrawing a contested bill").
                    "withdraw the bill",
                    "withdrew the bill",
                    "withdrawn the bill",
                    "withdrawing the bill",
                    "withdrawal of the bill",
                    "suspend the bill",
                    "suspended the bill",
                    "suspending the bill",
                    "shelve the bill",
                    "shelved the bill",
                    "scrap the bill",
                    "scrapped the bill",
                ]),
                oppose: words(&["won't", "refuse", "no concession", "never", "reject"]),
                targets: None,
            },
        },
    ];
    for i in &mut issues {
        i.cues.targets = Some(default_target_rules(&i.key));
    }
    issues
}
