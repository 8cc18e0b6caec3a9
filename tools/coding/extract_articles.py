#!/usr/bin/env python3
"""Write the chosen Wikinews 2019 articles as seed-format text files.

Usage: python3 tools/coding/extract_articles.py [CSV] [OUTDIR]
Defaults: /work/shared/corpus/wikinews/wikinews_2019.csv, tests/fixtures/coded.

Each file is named <date>-<slug>.txt and holds exactly
    " date " + YYYY-MM-DD + " " + the CSV `text` field
as the dev and heldout fixtures do (the title is not written; the text field
already begins with the Wikinews dateline, e.g. "Thursday, September 12, 2019 ").
Articles are picked by their exact CSV title, so the choice does not depend on
row order.
"""
import csv
import os
import sys

# slug -> exact CSV title
CHOSEN = {
    "pelosi-speaker-shutdown": "Nancy Pelosi again elected Speaker as 116th U.S. Congress sworn in",
    "trump-emergency-border-wall": "President Trump says he 'can' and 'may' put US into state of emergency to build border wall",
    "maidan-wardak-taliban": "Car bomb ramming attack kills dozens at military base in Maidan Wardak, Afghanistan",
    "thai-princess-nomination": "Thai political party withdraws nomination of princess for prime minister",
    "states-sue-border-emergency": "Sixteen states sue U.S. President Trump to stop declaration of emergency for border wall",
    "anti-brexit-march": "Thousands march in anti-Brexit protest, London",
    "hong-kong-police-complex": "Hong Kong protesters surround downtown police complex",
    "johnson-conservative-leader": "Boris Johnson elected Conservative leader, slated to be Britain's next Prime Minister",
    "hong-kong-protests-continue": "Hong Kong protests continue through police opposition, rainstorms",
    "queen-suspends-parliament": "Queen Elizabeth agrees to suspend UK Parliament ahead of Brexit deadline",
    "hong-kong-bill-withdrawal": "Hong Kong leader announces withdrawal of extradition bill",
    "mugabe-dies": "Longtime leader of Zimbabwe Robert Mugabe dies aged 95",
    "johnson-prorogation": "UK Prime Minister Johnson suspends parliament for five weeks as Brexit deadline approaches",
    "saudi-oil-drone-attacks": "Oil facilities in Saudi Arabia hit by drone attacks",
    "supreme-court-prorogation": "UK Supreme Court rules prorogation of parliament unlawful",
    "khashoggi-fiancee-un": "Fiancée of murdered Saudi journalist demands justice at UN General Assembly",
    "pompeo-subpoena-volker": "U.S. House issues subpoena to secretary of state as special envoy to Ukraine resigns",
    "trump-syria-withdrawal": "US President Trump announces troop withdrawal from Syria",
    "kurds-assad-deal": "Kurds announce deal with Assad's government as Turkey invades Syria's northeast",
    "carrie-lam-policy-speech": "Hong Kong's Carrie Lam delivers speech on video after protests in legislature",
    "hungary-hirtenberger": "Hungarian state-owned enterprise acquires Hirtenberger Defence Group",
    "iraq-air-base-strike": "Coalition authorities report no casualties from missile strike on Iraqi air base",
}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/wikinews/wikinews_2019.csv"
    out = sys.argv[2] if len(sys.argv) > 2 else "tests/fixtures/coded"
    with open(src, encoding="utf-8", newline="") as f:
        rows = {r["title"]: r for r in csv.DictReader(f)}
    os.makedirs(out, exist_ok=True)
    for slug, title in CHOSEN.items():
        r = rows[title]  # KeyError = a title changed: fail loudly
        date = r["date"][:10]
        name = f"{date}-{slug}.txt"
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as g:
            g.write(" date " + date + " " + r["text"])
        print(name)


if __name__ == "__main__":
    main()
