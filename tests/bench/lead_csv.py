#!/usr/bin/env python3
"""A CSV of N leads in Tandem's import columns, the same for the same N and seed: the input of
tests/bench/import_ratio.sh. Usage: lead_csv.py N [SEED] > leads.csv"""
import random
import sys

INDUSTRIES = ["Software", "Manufacturing", "Retail", "Finance", "Healthcare", "Logistics", "Education"]
TITLES = ["CTO", "VP Marketing", "Head of Sales", "Engineer", "Analyst", "CEO", "Office Manager"]
COUNTRIES = ["DE", "FR", "US", "GB", "ES", "IT", "NL", "CH", "SE", "PL"]
SOURCES = ["webinar", "content_download", "paid_search", "social", "referral", "event", "website", "outbound"]
AUTHORITY = ["", "none", "influencer", "decision_maker"]
NEED = ["", "yes", "no"]
STAGES = ["new"] * 6 + ["mql"] * 2 + ["sql", "lost"]
FIRST = ["Anna", "Zoë", "Jürgen", "Chloé", "Pat", "Sam", "Noor", "Ines", "Luca", "Mia"]
LAST = ["Müller", "Dupont", "Smith", "García", "Rossi", "Nowak", "Jansen", "Berg"]
COLUMNS = ["email", "name", "company", "title", "industry", "company_size", "country", "phone", "source",
           "created_at", "budget_usd", "authority", "need", "timeline_months", "page_views", "downloads",
           "webinars_attended", "email_clicks", "demo_requested", "last_activity_at", "stage",
           "crm_source", "crm_id"]


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
    out = sys.stdout
    out.write(",".join(COLUMNS) + "\n")
    for i in range(1, n + 1):
        day = rng.randrange(1, 28)
        month = rng.randrange(1, 13)
        row = [
            f"lead{i}@company{i % 50000}.example",
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            f"Company {i % 50000} GmbH",
            rng.choice(TITLES),
            rng.choice(INDUSTRIES),
            str(rng.randrange(1, 5000)),
            rng.choice(COUNTRIES),
            f"+49 30 {rng.randrange(1000000, 9999999)}",
            rng.choice(SOURCES),
            f"2026-{month:02d}-{day:02d}T{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}:00Z",
            str(rng.randrange(0, 200000)),
            rng.choice(AUTHORITY),
            rng.choice(NEED),
            str(rng.randrange(1, 24)),
            str(rng.randrange(0, 60)),
            str(rng.randrange(0, 6)),
            str(rng.randrange(0, 3)),
            str(rng.randrange(0, 20)),
            rng.choice(["true", "false"]),
            f"2026-{month:02d}-{day:02d}T12:00:00Z",
            rng.choice(STAGES),
            "hubspot",
            str(100000 + i),
        ]
        out.write(",".join(row) + "\n")


main()
