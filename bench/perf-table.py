#!/usr/bin/python3
"""The performance table of docs/performance.md, measured side by side.

Runs jesture jars as separate processes and measures them from outside, so that any build can be
compared with any other (one that predates `bench --live` included):

  live      CPU cores of one live 30-fps stream at each of --sizes, split by thread group: each
            thread's CPU time from /proc/PID/task/TID/schedstat, grouped by the thread's name (comm).
            The builds compared run at the same time on the same looping file, so load from
            elsewhere falls on all of them; --after-full adds the measured build with decode=full,
            --after-every the measured build with -Djesture.decode.skip=false (every frame decoded,
            where an MJPEG input otherwise has only the frames the model takes decoded).
  streams   --streams processes of one build at once on the first size's file: frames dropped and
            windows skipped from the first frame on, and in the last --steady seconds; --capacity
            repeats it with more processes of the measured build.
  bench     `bench --live` of the measured build (live and isolated inference p50 in one process),
            its isolated p50 with --rest ms between runs as live inference has, and the --before
            build's isolated p50 (its live p50 is the `run` figure from the live section).
  classify  `classify` of a 3-s 640x480 clip, wall seconds, --reps-classify rounds, variants
            interleaved: the --before jar, bin/jesture without the class-data-sharing archive
            (JESTURE_CDS=0) and with it.

Input videos are made once with the ffmpeg program under --work: testsrc2 with light temporal noise,
30 fps, 10 s; --codec h264 (default): H.264 yuv420p, GOP 60 (about 0.9 Mbit/s at 640x480), in .mp4;
--codec mjpeg: MJPEG (-q:v 5) yuvj420p, what a USB camera sends, in .avi (live and streams only;
classify's clip is always the H.264 one). Results: lines as they come, a summary of medians and ratios
(the measured build over each other one, per round), and every raw figure in WORK/results.json.

Examples, against a build of an older commit, and an MJPEG input with and without skipping frames:
  git archive COMMIT | (mkdir -p /tmp/jesture-before && tar -x -C /tmp/jesture-before)
  (cd /tmp/jesture-before && mvn -q -B package -DskipTests)
  bench/perf-table.py --before /tmp/jesture-before/target/jesture.jar --after-full --capacity 12,16
  bench/perf-table.py --codec mjpeg --after-every --only live
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def bad_input(message):
    """One line and exit status 2, as jesture's own commands do for bad input."""
    print(message, file=sys.stderr)
    sys.exit(2)


def group(comm):
    """Thread name (comm, 15 characters at most) to a group. Native threads inherit the name of the
    thread that made them: FFmpeg's (unless it names them av:...) the capture thread's, OpenCV's pool
    the name of whoever first ran a parallel OpenCV call (the clip thread, or jesture-preload which
    warms OpenCV up and then ends), ONNX Runtime's pool that of the thread that built the session
    (`java`, the main thread, in `run`)."""
    if comm.startswith(("jesture-captur", "jesture-watch", "av:")):
        return "decode"
    if comm.startswith(("jesture-clips", "jesture-preloa")):
        return "preprocess"
    if comm.startswith("jesture-infer") or comm == "java":
        return "inference"
    if comm.startswith("jesture-liste"):
        return "listeners"
    if comm.startswith(("GC ", "G1 ", "C1 ", "C2 ", "VM ", "Sweeper", "Common-Cleaner", "Reference Handl", "Finalizer",
                        "Signal Dispatch", "Service Thread", "Monitor Deflati", "Notification Th")):
        return "jvm"
    return "other"


GROUPS = ["decode", "preprocess", "inference", "listeners", "jvm", "other"]


def threads(pid):
    """{tid: (comm, cpu nanoseconds)} of a live process."""
    out = {}
    base = Path(f"/proc/{pid}/task")
    try:
        tids = os.listdir(base)
    except FileNotFoundError:
        return out
    for tid in tids:
        try:
            comm = (base / tid / "comm").read_text().strip()
            ns = int((base / tid / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        out[tid] = (comm, ns)
    return out


def process_cpu(pid):
    """utime + stime of the whole process (ended threads included), seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cores_between(a, b, wall):
    cores = {g: 0.0 for g in GROUPS}
    names = {}
    for tid, (comm, ns) in b.items():
        base = a.get(tid, (comm, 0))[1] if a.get(tid, (None,))[0] == comm else 0
        c = (ns - base) / 1e9 / wall
        cores[group(comm)] += c
        names[comm] = names.get(comm, 0.0) + c
    return cores, names


class Proc:
    """A jesture process whose stdout (JSON lines) is kept."""

    def __init__(self, name, argv, log):
        self.name = name
        self.log = log
        self.out = open(log, "w")
        self.p = subprocess.Popen(argv, stdout=self.out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        self.t0 = time.monotonic()

    def await_frames(self, timeout):
        """Until its first stats line with frames captured (its pipeline runs)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(st["framesCaptured"] > 0 for st in self.stats()):
                return
            if self.p.poll() is not None:
                sys.exit(f"perf-table: {self.name} ended before its first frame: see {self.log}")
            time.sleep(0.2)
        sys.exit(f"perf-table: {self.name} captured no frame in {timeout} s: see {self.log}")

    def stop(self):
        """SIGTERM: `run` prints its final stats line and exits."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)

    def wait(self, timeout):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.p.pid, signal.SIGTERM)
            return self.p.wait(timeout=10)
        finally:
            self.out.close()

    def stats(self):
        """The `type: stats` JSON lines it printed, in order."""
        lines = []
        for line in Path(self.log).read_text(errors="replace").splitlines():
            if line.startswith("{") and '"type":"stats"' in line:
                try:
                    lines.append(json.loads(line))
                except json.JSONDecodeError:  # a line still being written
                    pass
        return lines


def java(jar, options=()):
    return ["java", *options, "-jar", str(jar)]


def run_argv(jar, source, model, seconds, options=(), more=()):
    return java(jar, options) + ["run", "--source", source, "--model", str(model), *map(str, more), "--json", "--stats", "1s",
                        "--duration", f"{seconds:g}s"]


# How each --codec is encoded, and its container.
CODECS = {
    "h264": (["-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p"], ".mp4"),
    "mjpeg": (["-c:v", "mjpeg", "-q:v", "5", "-pix_fmt", "yuvj420p"], ".avi"),
}


def make_input(work, size, codec):
    encode, ext = CODECS[codec]
    path = work / (f"noise-{size}-30fps{ext}" if codec == "h264" else f"noise-{size}-30fps-{codec}{ext}")
    if not path.exists():
        tmp = path.with_suffix(".tmp" + ext)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=30:duration=10",
                        "-vf", "noise=alls=4:allf=t", *encode, str(tmp)], check=True)
        tmp.rename(path)
    return path


def make_inputs(work, sizes, codec):
    if shutil.which("ffmpeg") is None:
        bad_input("perf-table: no ffmpeg program to make the input videos: install it (apt-get install ffmpeg)")
    videos = {size: make_input(work, size, codec) for size in sizes}
    h264_480 = make_input(work, "640x480", "h264")
    # classify's input: the first 3 s of the 640x480 video (its first key frame is at 0).
    clip = work / "clip-640x480-3s.mp4"
    if not clip.exists():
        tmp = clip.with_suffix(".tmp.mp4")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(h264_480), "-t", "3", "-c", "copy", str(tmp)], check=True)
        tmp.rename(clip)
    return {size: videos[size] for size in sizes}, clip


def live(args, builds, videos, work):
    """Builds side by side on the same looping file, --reps rounds per size. The warm-up counts from
    the moment every process has captured frames (JVM start-up varies with load)."""
    results = []
    for size, video in videos.items():
        for rep in range(args.reps):
            order = builds if rep % 2 == 0 else list(reversed(builds))
            procs = []
            for name, jar, extra, options, models in order:
                src = f"file:{video},loop=true,pace=live" + extra
                procs.append(Proc(name, run_argv(jar, src, models[0], 600, options, models[1:]), work / f"live-{size}-{name}-{rep}.log"))
            for p in procs:
                p.await_frames(120)
            time.sleep(args.warmup)
            a = [threads(p.p.pid) for p in procs]
            pa = [process_cpu(p.p.pid) for p in procs]
            w0 = time.monotonic()
            time.sleep(args.seconds)
            b = [threads(p.p.pid) for p in procs]
            pb = [process_cpu(p.p.pid) for p in procs]
            wall = time.monotonic() - w0
            for p in procs:
                p.stop()
            for i, p in enumerate(procs):
                p.wait(60)
                cores, names = cores_between(a[i], b[i], wall)
                st = p.stats()
                last = st[-1] if st else {}
                # The frame rate in the measured stretch (the final line is printed at once on SIGTERM): a
                # process starved of CPU captures a live-paced file late, below 30 fps, and costs less.
                first = min(st, key=lambda x: abs(x["seconds"] - (last["seconds"] - wall))) if st else {}
                span = last.get("seconds", 0) - first.get("seconds", 0)
                fps = (last["framesCaptured"] - first["framesCaptured"]) / span if span > 0 else float("nan")
                results.append({"size": size, "build": p.name, "rep": rep, "wall": wall, "fps": fps, "cores": cores,
                                "total": sum(cores.values()), "process": (pb[i] - pa[i]) / wall, "threads": names,
                                "dropped": last.get("framesDropped"), "frames": last.get("framesCaptured"),
                                "decoded": last.get("framesDecoded"),
                                "skipped": last.get("windowsSkipped"), "inference_p50": last.get("inferenceP50Millis")})
                r = results[-1]
                print(f"  live {size} {p.name:<12} rep {rep}: total {r['total']:.4f} cores "
                      + " ".join(f"{g} {cores[g]:.4f}" for g in GROUPS[:3])
                      + f", {fps:.1f} fps, inference p50 {r['inference_p50']} ms, dropped {r['dropped']}"
                      + f", decoded {r['decoded']} of {r['frames']}", flush=True)
    return results


def streams(args, name, jar, video, count, seconds, work):
    """count processes of one build at once; drops from the start and in the last --steady seconds."""
    procs = [Proc(name, run_argv(jar, f"file:{video},loop=true,pace=live", args.model, seconds), work / f"streams-{name}-{count}-{i}.log")
             for i in range(count)]
    out = []
    for p in procs:
        p.wait(seconds + 120)
        st = p.stats()
        if not st:
            out.append({"error": Path(p.log).read_text(errors="replace")[-400:]})
            continue
        last = st[-1]
        cut = last["seconds"] - args.steady
        first = next((s for s in st if s["seconds"] >= cut), last)
        span = last["seconds"] - first["seconds"]
        out.append({"frames": last["framesCaptured"], "dropped": last["framesDropped"], "skipped": last["windowsSkipped"],
                    "steady_seconds": span, "steady_frames": last["framesCaptured"] - first["framesCaptured"],
                    "steady_dropped": last["framesDropped"] - first["framesDropped"],
                    "steady_skipped": last["windowsSkipped"] - first["windowsSkipped"],
                    "inference_p50": last["inferenceP50Millis"]})
    ok = [o for o in out if "error" not in o]
    summary = {"build": name, "streams": count, "seconds": seconds, "processes": out,
               "failed": len(out) - len(ok),
               "dropped": [o["dropped"] for o in ok], "skipped": [o["skipped"] for o in ok],
               "steady_dropped": [o["steady_dropped"] for o in ok], "steady_skipped": [o["steady_skipped"] for o in ok],
               "steady_fps": [round(o["steady_frames"] / o["steady_seconds"], 1) if o["steady_seconds"] > 0 else 0 for o in ok]}
    print(f"  streams {name} x{count}: dropped {summary['dropped']}, skipped {summary['skipped']}; last {args.steady:g} s:"
          f" dropped {summary['steady_dropped']}, skipped {summary['steady_skipped']}, fps {summary['steady_fps']}"
          + (f", {summary['failed']} failed" if summary["failed"] else ""), flush=True)
    return summary


def bench(args, jar, tag, reps, live_source=None, interval=0, clips=100):
    """`bench`: isolated inference p50 (with --interval MS of rest between runs), and with --live SOURCE the live p50
    of the same process; figures parsed from its output."""
    out = []
    for rep in range(reps):
        argv = java(jar) + ["bench", "--model", str(args.model), "--frames", "200", "--clips", str(clips)]
        if interval:
            argv += ["--interval", f"{interval:g}"]
        if live_source:
            argv += ["--live", live_source, "--warmup", "5", "--seconds", f"{args.seconds:g}"]
        text = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300).stdout
        (args.work / f"bench-{tag}-{rep}.log").write_text(text)
        r = {}
        for line in text.splitlines():
            if line.startswith("inference ["):
                r["isolated_p50"] = float(line.split("p50")[1].split()[0])
            if "inference p50" in line and "frames" in line:
                r["live_p50"] = float(line.split("inference p50")[1].split()[0])
        out.append(r)
        print(f"  bench {tag} rep {rep}: {r}", flush=True)
    return out


def classify(args, before, clip):
    """Wall seconds per variant, variants interleaved in each round."""
    variants = []
    if before:
        variants.append(("before", java(before), {}))
    env_nocds = dict(os.environ, JESTURE_JAR=str(args.jar), JESTURE_CDS="0")
    env_cds = dict(os.environ, JESTURE_JAR=str(args.jar))
    variants.append(("after, no CDS", [str(ROOT / "bin/jesture")], env_nocds))
    variants.append(("after, CDS", [str(ROOT / "bin/jesture")], env_cds))
    # One untimed run each: the archive exists afterwards (made on first run if mvn package did not), and files are cached.
    for _, argv, env in variants:
        subprocess.run(argv + ["classify", str(clip), "--model", str(args.model)], cwd=ROOT, env=env or None,
                       capture_output=True, check=True)
    times = {name: [] for name, _, _ in variants}
    for rep in range(args.reps_classify):
        for name, argv, env in (variants if rep % 2 == 0 else list(reversed(variants))):
            t0 = time.monotonic()
            subprocess.run(argv + ["classify", str(clip), "--model", str(args.model)], cwd=ROOT, env=env or None,
                           capture_output=True, check=True)
            times[name].append(time.monotonic() - t0)
    for name, t in times.items():
        print(f"  classify {name}: median {statistics.median(t):.3f} s of {[round(x, 3) for x in t]}", flush=True)
    return times


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jar", type=Path, default=ROOT / "target/jesture.jar", help="the build measured (default: target/jesture.jar)")
    ap.add_argument("--before", type=Path, help="an older build's jar, measured side by side")
    ap.add_argument("--model", type=Path, default=ROOT / "models/jesture-r2plus1d.onnx", help="the model both builds run")
    ap.add_argument("--work", type=Path, default=ROOT / "target/perf", help="input videos, logs and results.json")
    ap.add_argument("--only", default="live,streams,bench,classify", help="sections to run, comma-separated")
    ap.add_argument("--sizes", default="640x480,1280x720,1920x1080", help="live sizes; the first one is the streams input")
    ap.add_argument("--reps", type=int, default=3, help="live rounds per size (default 3)")
    ap.add_argument("--reps-classify", type=int, default=5, help="classify rounds (default 5)")
    ap.add_argument("--warmup", type=float, default=6, help="live: seconds from the first frame of every process to the measured stretch (default 6)")
    ap.add_argument("--seconds", type=float, default=10, help="live: seconds measured (default 10)")
    ap.add_argument("--after-full", action="store_true", help="live: also the measured build with decode=full")
    ap.add_argument("--after-every", action="store_true",
                    help="live: also the measured build with -Djesture.decode.skip=false (decodes every frame of an MJPEG input)")
    ap.add_argument("--with-model", type=Path, action="append", default=[],
                    help="live: also the measured build running --model MODEL and this model as an ensemble "
                         "(e.g. models/jesture-hands.onnx, which adds the hand tracker); repeatable")
    ap.add_argument("--ensemble", action="append", default=[], metavar="A,B,...",
                    help="live: also the measured build running exactly these models (comma-separated) instead of --model; repeatable")
    ap.add_argument("--codec", default="h264", help="input videos: h264 (default) or mjpeg")
    ap.add_argument("--rest", type=float, default=333, help="bench: ms between isolated runs, as live (default 333: stride 2 at 6 fps)")
    ap.add_argument("--streams", type=int, default=8, help="streams at once for the drop test (default 8)")
    ap.add_argument("--streams-seconds", type=float, default=30, help="streams: run length (default 30)")
    ap.add_argument("--steady", type=float, default=10, help="streams: the steady stretch, the last this many seconds (default 10)")
    ap.add_argument("--capacity", default="", help="streams: further counts of the measured build, e.g. 12,16")
    args = ap.parse_args()
    args.jar = args.jar.resolve()
    args.model = args.model.resolve()
    args.with_model = [m.resolve() for m in args.with_model]
    args.ensemble = [[Path(m).resolve() for m in e.split(",")] for e in args.ensemble]
    for p in [args.jar, args.model] + args.with_model + [m for e in args.ensemble for m in e] + ([args.before] if args.before else []):
        if not p.exists():
            bad_input(f"perf-table: {p} does not exist: build it (mvn -q -B package -DskipTests) or pass --jar/--before/--model")
    work = args.work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    only = set(args.only.split(","))
    if not only <= {"live", "streams", "bench", "classify", "none"}:
        bad_input(f"perf-table: --only takes live,streams,bench,classify (or none: inputs only), was '{args.only}'")
    if args.codec not in CODECS:
        bad_input(f"perf-table: --codec takes {' or '.join(CODECS)}, was '{args.codec}'")
    sizes = args.sizes.split(",")
    videos, clip = make_inputs(work, sizes, args.codec)
    res = {"jar": str(args.jar), "before": str(args.before) if args.before else None, "model": str(args.model),
           "codec": args.codec, "started": time.strftime("%Y-%m-%d %H:%M:%S"), "loadavg_start": os.getloadavg()}
    # (name, jar, source options, JVM options, the models it runs)
    model = (args.model,)
    builds = ([("before", args.before.resolve(), "", (), model)] if args.before else []) + [("after", args.jar, "", (), model)]
    if args.after_full:
        builds.append(("after-full", args.jar, ",decode=full", (), model))
    if args.after_every:
        builds.append(("after-every", args.jar, "", ("-Djesture.decode.skip=false",), model))
    for m in args.with_model:
        builds.append((f"after+{m.stem}", args.jar, "", (), (args.model, m)))
    for e in args.ensemble:
        builds.append(("+".join(m.stem for m in e), args.jar, "", (), tuple(e)))
    if "live" in only:
        res["live"] = live(args, builds, videos, work)
    if "streams" in only:
        res["streams"] = []
        if args.before:
            res["streams"].append(streams(args, "before", args.before.resolve(), videos[sizes[0]], args.streams, args.streams_seconds, work))
        res["streams"].append(streams(args, "after", args.jar, videos[sizes[0]], args.streams, args.streams_seconds, work))
        for n in [int(x) for x in args.capacity.split(",") if x]:
            res["streams"].append(streams(args, "after", args.jar, videos[sizes[0]], n, args.streams_seconds, work))
    if "bench" in only:
        src = f"file:{videos[sizes[0]]},loop=true,pace=live"
        # Live inference runs once a clip period (stride / fps); isolated runs back to back, and with that rest.
        res["bench_after"] = bench(args, args.jar, "after-live", args.reps, live_source=src)
        res["bench_after_rest"] = bench(args, args.jar, "after-rest", args.reps, interval=args.rest, clips=30)
        if args.before:
            res["bench_before"] = bench(args, args.before.resolve(), "before", args.reps)
    if "classify" in only:
        res["classify"] = classify(args, args.before.resolve() if args.before else None, clip)
    res["loadavg_end"] = os.getloadavg()
    res["ended"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (work / "results.json").write_text(json.dumps(res, indent=1))

    print(summary(res, builds, sizes))


def summary(res, builds, sizes):
    """Medians per build, and the median of the per-round ratios of the measured build over each other one."""
    lines = ["", "summary: medians; after/X is the median of the per-round ratios of the measured build (after) over X, with the ratios"]
    names = [name for name, *_ in builds]
    for size in sizes:
        rounds = {}
        for r in res.get("live", []):
            if r["size"] == size:
                rounds.setdefault(r["rep"], {})[r["build"]] = dict(r["cores"], total=r["total"], p50=r["inference_p50"])
        if not rounds:
            continue
        fps = "  ".join(f"{n} {median([r['fps'] for r in res['live'] if r['size'] == size and r['build'] == n]):.1f}" for n in names)
        lines.append(f"  live {size} fps        {fps}")
        for k in ["total"] + GROUPS[:3] + ["p50"]:
            cells = "  ".join(f"{n} {median([rd[n][k] for rd in rounds.values() if n in rd]):.4f}" for n in names)
            for other in [n for n in names if n != "after"]:
                ratios = [rd["after"][k] / rd[other][k] for rd in rounds.values() if "after" in rd and other in rd and rd[other][k]]
                if ratios:
                    cells += f"  after/{other} {median(ratios):.2f} of {[round(x, 2) for x in ratios]}"
            lines.append(f"  live {size} {k:<10} {cells}")
    for s in res.get("streams", []):
        lines.append(f"  streams {s['build']} x{s['streams']}: dropped from the start {s['dropped']}, skipped {s['skipped']};"
                     f" steady: dropped {s['steady_dropped']}, skipped {s['steady_skipped']}, fps {s['steady_fps']}")
    for key in ["bench_after", "bench_after_rest", "bench_before"]:
        if key in res:
            iso = median([r.get("isolated_p50") for r in res[key]])
            lv = median([r.get("live_p50") for r in res[key]])
            ratios = [r["live_p50"] / r["isolated_p50"] for r in res[key] if r.get("live_p50") and r.get("isolated_p50")]
            lines.append(f"  {key}: isolated p50 {iso:.3f} ms" + (f", live p50 {lv:.3f} ms, live/isolated {median(ratios):.2f}"
                                                                    if ratios else ""))
    for name, t in res.get("classify", {}).items():
        lines.append(f"  classify {name}: median {statistics.median(t):.3f} s")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
