"""`accord link` on CSV files: clusters and pairs written, bad settings and files refused clearly."""
import csv
import random

SETTINGS = """link_type: link
unique_id: id
blocking:
  - [surname]
  - [city]
comparisons:
  - column: name
    levels: [exact, jaro_winkler 0.9, jaro_winkler 0.75]
  - column: surname
    levels: [exact, jaro_winkler 0.9]
  - column: born
    levels: [exact, damerau_levenshtein 1]
  - column: city
    levels: [exact]
training:
  deterministic: [[surname, born]]
  em_blocking: [[city], [surname]]
  random_pairs: 5000
threshold: 0.9
"""

NAMES = ["ada", "bo", "cy", "di", "ed", "flo", "gus", "hal", "ivy", "jo", "kai", "lu", "mo", "ned", "oz"]
SURNAMES = ["smith", "jones", "brown", "taylor", "wilson", "davies", "evans", "thomas", "roberts", "walker"]
CITIES = ["leeds", "york", "bath", "hull", "ely", "derby"]


def write(path, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "surname", "born", "city"])
        writer.writerows(rows)


def test_link_two_files_writes_clusters_and_pairs(accord):
    rng = random.Random(5)
    left, right = [], []
    for i in range(150):
        name = rng.choice(NAMES) + rng.choice(NAMES)
        surname = rng.choice(SURNAMES) + rng.choice(SURNAMES)[:3]
        city = rng.choice(CITIES)
        born = f"19{rng.randint(30, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        left.append([f"a{i}", name, surname, born, city])
        right.append([f"b{i}", name + ("e" if i % 4 == 0 else ""), surname, born, city if i % 3 else ""])
    write(accord.folder / "a.csv", left)
    write(accord.folder / "b.csv", right)
    (accord.folder / "linkage.yaml").write_text(SETTINGS)
    result = accord.run("link", "--config", "linkage.yaml", "a.csv", "b.csv", "--pairs", "pairs.csv")
    assert result.returncode == 0, result.stderr
    assert "Linked 300 records" in result.stdout
    pairs = list(csv.DictReader(open(accord.folder / "pairs.csv")))
    found = {(p["unique_id_l"], p["unique_id_r"]) for p in pairs}
    correct = sum(1 for l, r in found if l[1:] == r[1:])
    assert correct / len(found) >= 0.95 and correct / 150 >= 0.9, (correct, len(found))
    assert all(float(p["match_probability"]) >= 0.9 for p in pairs)
    clusters = {row["unique_id"]: row["cluster"] for row in csv.DictReader(open(accord.folder / "clusters.csv"))}
    assert len(clusters) == 300
    for l, r in found:
        assert clusters[l] == clusters[r]


def test_link_refuses_bad_settings_and_files(accord):
    (accord.folder / "bad.yaml").write_text("link_type: merge\nunique_id: id\nblocking: [[city]]\ncomparisons:\n  - column: city\n    levels: [same]\n")
    write(accord.folder / "a.csv", [["a1", "x", "y", "19700101", "leeds"]])
    result = accord.run("link", "--config", "bad.yaml", "a.csv")
    assert result.returncode == 1
    assert "bad.yaml:1:" in result.stderr and "bad.yaml:6:" in result.stderr and "nothing was linked" in result.stderr
    (accord.folder / "linkage.yaml").write_text(SETTINGS)
    result = accord.run("link", "--config", "linkage.yaml", "a.csv")
    assert result.returncode == 1 and "link_type is link: give two files" in result.stderr
    (accord.folder / "c.csv").write_text("id,name\n1,x\n")
    result = accord.run("link", "--config", "linkage.yaml", "a.csv", "c.csv")
    assert result.returncode == 1 and "c.csv has no column 'born'" in result.stderr
    assert not (accord.folder / "clusters.csv").exists(), "nothing is written on failure"


RAW = """link_type: link
unique_id: _row
missing: [NA, ""]
columns:
  phone_key: {from: phone, normalise: [phone]}
  name_key: {from: name, normalise: [company_name]}
  name_block: {from: name, normalise: [company_name, first 3]}
blocking: [[phone_key], [name_block]]
comparisons:
  - {column: name_key, levels: [exact, jaro_winkler 0.9]}
  - {column: phone_key, levels: [exact]}
  - {column: city, levels: [exact]}
training:
  deterministic: [[phone_key]]
  em_blocking: [[name_block]]
  random_pairs: 1000
threshold: 0.5
"""


def test_link_raw_tab_separated_files_with_normalisers(accord):
    """Two guides' raw tab-separated exports: no id column, phones and names written their own
    way, NA for an unknown city. Normalised columns link them; row numbers are the ids."""
    rng = random.Random(9)
    left, right = [], []
    for i in range(60):
        name = f"{rng.choice(NAMES).title()}'s {rng.choice(SURNAMES).title()} Grill {i}"
        phone = f"{rng.randint(200, 999)}{rng.randint(200, 999)}{rng.randint(1000, 9999)}"
        left.append([name, f"{phone[:3]}/{phone[3:6]}-{phone[6:]}", "NA" if i % 7 == 0 else rng.choice(CITIES)])
        right.append([name.upper() + ", Inc.", f"({phone[:3]}) {phone[3:6]} {phone[6:]}", left[-1][2] if left[-1][2] != "NA" else "york"])
    for path, rows in (("fodors.tsv", left), ("zagat.tsv", right)):
        with open(accord.folder / path, "w", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t")
            writer.writerow(["name", "phone", "city"])
            writer.writerows(rows)
    (accord.folder / "raw.yaml").write_text(RAW)
    result = accord.run("link", "--config", "raw.yaml", "fodors.tsv", "zagat.tsv", "--pairs", "pairs.csv")
    assert result.returncode == 0, result.stderr
    pairs = {(p["unique_id_l"], p["unique_id_r"]) for p in csv.DictReader(open(accord.folder / "pairs.csv"))}
    assert pairs == {(str(i), str(i)) for i in range(1, 61)}, "each restaurant with its twin, by row number"
    (accord.folder / "untrained.yaml").write_text(RAW.split("training:")[0] + "threshold: 0.5\n")
    result = accord.run("link", "--config", "untrained.yaml", "fodors.tsv", "zagat.tsv")
    assert result.returncode == 0 and "warning: no training section" in result.stderr


def test_a_saved_model_scores_new_files_without_training(accord):
    """--save-model writes the trained model; --model scores with it (the same pairs, no training
    notes), and a model for other settings is refused before anything is written."""
    test_link_raw_tab_separated_files_with_normalisers(accord)
    first = accord.run("link", "--config", "raw.yaml", "fodors.tsv", "zagat.tsv", "--pairs", "first.csv", "--save-model", "model.json")
    assert first.returncode == 0 and "the model to model.json" in first.stdout, first.stderr
    again = accord.run("link", "--config", "raw.yaml", "fodors.tsv", "zagat.tsv", "--pairs", "again.csv", "--model", "model.json", "--out", "again-clusters.csv")
    assert again.returncode == 0, again.stderr
    assert "Using the saved model" in again.stderr and "Trained m" not in again.stderr
    assert (accord.folder / "first.csv").read_text() == (accord.folder / "again.csv").read_text()
    (accord.folder / "fewer.yaml").write_text(RAW.replace("  - {column: city, levels: [exact]}\n", ""))
    refused = accord.run("link", "--config", "fewer.yaml", "fodors.tsv", "zagat.tsv", "--model", "model.json", "--out", "never.csv")
    assert refused.returncode == 1 and "train a model for these settings" in refused.stderr
    assert not (accord.folder / "never.csv").exists()
