#!/usr/bin/env python3
"""Writes tests/bad_inputs/: small files, one per kind of bad input that real
recordings arrive with. tests/bad_inputs.rs asserts retrogait's exit code and
message for each (the README's robustness table lists them).
Deterministic: running it again gives the same bytes."""
import math, os, random, zipfile, io

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "bad_inputs")
os.makedirs(OUT, exist_ok=True)
random.seed(42)

def walk(n=600, rate=100.0, t0=0.0, g=9.81, scale=1.0):
    rows = []
    for i in range(n):
        t = t0 + i / rate
        w = 2 * math.pi * 1.8 * t
        moving = t > 1.0
        rows.append([t,
                     scale * (0.3 * math.sin(w / 2) if moving else 0.01),
                     scale * (0.2 * math.cos(w / 2) if moving else -0.01),
                     scale * (g + (2.0 * math.sin(w) if moving else 0.0)),
                     0.4 * math.sin(w / 2) if moving else 0.002,
                     0.2 * math.cos(w) if moving else -0.001,
                     0.1 * math.sin(w) if moving else 0.001])
    return rows

HEADER = "time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z"
def line(r, sep=","):
    return sep.join([f"{r[0]:.3f}"] + [f"{v:.4f}" for v in r[1:]])
def write(name, text, mode="w"):
    path = os.path.join(OUT, name)
    if mode == "wb":
        with open(path, "wb") as f:
            f.write(text)
    else:
        with open(path, "w", newline="") as f:
            f.write(text)
def table(rows, header=HEADER, sep=","):
    return header.replace(",", sep) + "\n" + "".join(line(r, sep) + "\n" for r in rows)

write("01_empty.csv", "")
write("02_header_only.csv", HEADER + "\n")
write("03_binary.bin", bytes(random.randrange(256) for _ in range(2048)), mode="wb")
write("04_utf16.csv", table(walk()).encode("utf-16"), mode="wb")
write("05_cp1252_units.csv", table(walk(), header="time_s,acc_x (m/s\u00b2),acc_y (m/s\u00b2),acc_z (m/s\u00b2),gyr_x (rad/s),gyr_y (rad/s),gyr_z (rad/s)").encode("cp1252"), mode="wb")
write("06_truncated_last_row.csv", table(walk())[:-25])
t = table(walk()).splitlines(); t[300] = t[300].replace(t[300].split(",")[2], "abc", 1)
write("07_non_numeric_cell.csv", "\n".join(t) + "\n")
t = table(walk()).splitlines(); t[200] = ",".join(t[200].split(",")[:1] + ["NaN", "NaN", "NaN"] + t[200].split(",")[4:]); t[201] = t[201].replace(t[201].split(",")[3], "inf", 1)
write("08_nan_inf_cells.csv", "\n".join(t) + "\n")
write("09_missing_columns.csv", "time_s,acc_x,acc_y\n" + "".join(f"{r[0]:.3f},{r[1]:.4f},{r[2]:.4f}\n" for r in walk()))
write("10_extra_columns.csv", table([r + [99.0] for r in walk()], header=HEADER + ",battery"))
rows = walk(); shuffled = rows[:]; random.shuffle(shuffled)
write("11_unsorted_timestamps.csv", table(shuffled))
rows = walk(); dup = []
for i in range(0, len(rows), 3):
    for r in rows[i:i + 3]:
        dup.append([rows[i][0]] + r[1:])
write("12_duplicate_timestamps.csv", table(dup))
write("13_clock_jump_back.csv", table([[r[0] - (4.0 if i >= 300 else 0.0)] + r[1:] for i, r in enumerate(walk())]))
write("14_huge_gap.csv", table(walk(300) + walk(300, t0=3600.0)))
write("15_constant_timestamps.csv", table([[5.0] + r[1:] for r in walk()]))
mixed = table(walk(60)).splitlines(); mixed = [mixed[0]] + [l.replace(",", ";") if i % 2 else l for i, l in enumerate(mixed[1:])]
write("16_mixed_separators.csv", "\n".join(mixed) + "\n")
write("17_decimal_comma.csv", "\n".join(l.replace(",", ";").replace(".", ",") for l in table(walk()).splitlines()) + "\n")
write("18_g_labelled_mps2.csv", table(walk(scale=1 / 9.81), header="time_s,acc_x (m/s^2),acc_y (m/s^2),acc_z (m/s^2),gyr_x (rad/s),gyr_y (rad/s),gyr_z (rad/s)"))
write("19_degps_labelled_rads.csv", table([r[:4] + [math.degrees(v) * 5 for v in r[4:]] for r in walk()], header="time_s,acc_x (m/s^2),acc_y (m/s^2),acc_z (m/s^2),gyr_x (rad/s),gyr_y (rad/s),gyr_z (rad/s)"))
write("20_gravity_removed.csv", table(walk(g=0.0), header="time_s,lin_acc_x,lin_acc_y,lin_acc_z,gyr_x,gyr_y,gyr_z"))
write("21_rate_10hz.csv", table(walk(100, rate=10.0)))
write("22_few_seconds.csv", table(walk(150)))
still = [[i / 100.0, 0.02 * random.gauss(0, 1), 0.02 * random.gauss(0, 1), 9.81 + 0.02 * random.gauss(0, 1), 0.001, 0.0, -0.001] for i in range(3000)]
write("23_no_walking.csv", table(still))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("notes.txt", "nothing to see\n")
    z.writestr("photo.jpg", bytes(range(256)))
write("24_zip_without_recording.zip", buf.getvalue(), mode="wb")
os.makedirs(os.path.join(OUT, "25_two_recordings"), exist_ok=True)
write("25_two_recordings/walk_a.csv", table(walk()))
write("25_two_recordings/walk_b.csv", table(walk(t0=100.0)))
print("wrote", os.path.normpath(OUT))
write("26_gravity_removed_labelled_total.csv", table(walk(2000, g=0.0), header="time_s,acc_x (m/s^2),acc_y (m/s^2),acc_z (m/s^2),gyr_x (rad/s),gyr_y (rad/s),gyr_z (rad/s)"))
