#!/usr/bin/env python3
"""Writes small fixtures for formats with no real example in ../shared/formats
(Physics Toolbox, Polar Sensor Logger, ActiGraph raw CSV, Xsens MT Manager
with comments). Layouts follow ../shared/formats/REPORT.md. The signal is a
still phone (z up, 1 g) for 2 s, then a 1.8 Hz gait-like oscillation.
Deterministic: run it again and the files are byte-identical."""
import math, os

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "formats")
G = 9.80665

def sample(i, rate):
    t = i / rate
    moving = t >= 2.0
    w = 2 * math.pi * 1.8 * t
    acc = [0.3 * math.sin(w) if moving else 0.0,
           0.8 * math.cos(w) if moving else 0.0,
           G + (2.0 * math.sin(2 * w) if moving else 0.0)]
    # A small bias, as every real gyroscope has (exact zeros mean "not reported").
    gyr = [0.5 * math.sin(w) if moving else 0.002,
           0.3 * math.cos(w) if moving else -0.001,
           0.2 * math.sin(2 * w) if moving else 0.001]
    return t, acc, gyr

def write(name, text, newline="\n"):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write(text.replace("\n", newline))

os.makedirs(OUT, exist_ok=True)
rate, n = 100, 500

# Physics Toolbox (Android, single record): time,gFx,gFy,gFz,TgF
lines = ["time,gFx,gFy,gFz,TgF"]
for i in range(n):
    t, a, _ = sample(i, rate)
    g = [v / G for v in a]
    lines.append(f"{t:.3f},{g[0]:.4f},{g[1]:.4f},{g[2]:.4f},{math.sqrt(sum(v*v for v in g)):.4f}")
write("physics_toolbox_android.csv", "\n".join(lines) + "\n")

# Physics Toolbox multi-record: unreported sensors are written as 0.0000.
lines = ["time,gFx,gFy,gFz,ax,ay,az,wx,wy,wz"]
for i in range(n):
    t, a, w = sample(i, rate)
    g = [v / G for v in a]
    lin = [a[0], a[1], a[2] - G]
    if i % 5 == 4:
        w = [0.0, 0.0, 0.0]
    lines.append(f"{t:.3f}," + ",".join(f"{v:.4f}" for v in g + lin + w))
write("physics_toolbox_multi.csv", "\n".join(lines) + "\n")

# Polar Sensor Logger (H10 ACC in mg at 200 Hz, gyro absent on H10; Verity Sense has GYRO in dps).
polar_rate = 52
start_ns = 830_000_000_000_000_000  # sensor ns since 2000-01-01
acc = ["Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]"]
gyr = ["Phone timestamp;sensor timestamp [ns];X [dps];Y [dps];Z [dps]"]
for i in range(5 * polar_rate):
    t, a, w = sample(i, polar_rate)
    ns = start_ns + round(t * 1e9)
    ms = 58.0 + t
    phone = f"2026-04-24T14:10:{int(20 + t):02d}.{int((t % 1) * 1000):03d}"
    acc.append(f"{phone};{ns};" + ";".join(str(round(v / G * 1000)) for v in a))
    gyr.append(f"{phone};{ns};" + ";".join(f"{math.degrees(v):.2f}" for v in w))
write("Polar_Sense_B36F2F27_20260424_141020_ACC.txt", "\n".join(acc) + "\n")
write("Polar_Sense_B36F2F27_20260424_141020_GYRO.txt", "\n".join(gyr) + "\n")

# ActiGraph ActiLife raw CSV with timestamps (banner per REPORT.md).
banner = [
    "------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v1.8.0 date format M/d/yyyy at 30 Hz  Filter Normal -----------",
    "Serial Number: MOS2E22180349",
    "Start Time 10:00:00",
    "Start Date 3/14/2023",
    "Epoch Period (hh:mm:ss) 00:00:00",
    "Download Time 11:00:00",
    "Download Date 3/14/2023",
    "Current Memory Address: 0",
    "Current Battery Voltage: 4.11     Mode = 12",
    "--------------------------------------------------",
]
lines = banner + ["Timestamp,Accelerometer X,Accelerometer Y,Accelerometer Z"]
for i in range(5 * 30):
    t, a, _ = sample(i, 30)
    ms = round(t * 1000)
    lines.append(f"3/14/2023 10:00:{ms // 1000:02d}.{ms % 1000:03d}," + ",".join(f"{v / G:.3f}" for v in a))
write("actigraph_raw_30hz.csv", "\n".join(lines) + "\n", newline="\r\n")

# Xsens MT Manager export with comment lines and SampleTimeFine (10 kHz ticks, wrapping at 2^32).
lines = ["// General information:", "//  MT Manager version: 2022.0.0", "// Update Rate: 100.0Hz",
         "// Filter Profile: general(39.0)", "// Device information:", "//  DeviceId: 00B4A1B2",
         "PacketCounter\tSampleTimeFine\tAcc_X\tAcc_Y\tAcc_Z\tGyr_X\tGyr_Y\tGyr_Z"]
tick0 = 2**32 - 20000  # wraps after 2 s
for i in range(n):
    t, a, w = sample(i, rate)
    tick = (tick0 + i * 100) % 2**32
    lines.append(f"{i % 65536}\t{tick}\t" + "\t".join(f"{v:.6f}" for v in a + w))
write("xsens_mtmanager.txt", "\n".join(lines) + "\n")
print("fixtures written to", os.path.normpath(OUT))
