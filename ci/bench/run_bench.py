#!/usr/bin/env python3
"""cujo vs Playwright Test on the same journeys, wiki, browser and machine, in one run.

Why: cujo claims the deployment gate gets its verdict faster and cheaper than with the tools
people use today (issue 8). This driver measures both side by side, alternating repetitions so
that drift in the machine's load hits both tools alike, and prints every figure next to its target.

How each figure is taken (no cgroups needed):
- every tool run starts in its own session; a sampler thread follows the processes of that session
  (/proc/PID/stat, status, smaps_rollup) and classifies them by executable: orchestrator (cujo, or
  node for Playwright), browser (Chromium and its crashpad handler), other;
- this process is a child subreaper, so orphans (double-forked crashpad) come back to it and are
  reaped: the RUSAGE_CHILDREN delta over a run is the CPU of everything the run started;
- the root process is waited for with WNOWAIT and its own utime+stime read before it is reaped
  (exact); other orchestrator processes (Playwright's workers) from their last sample;
- memory: VmHWM of orchestrator processes, and the peak over samples of the summed PSS per class;
- the wiki's CPU (PHP's server and workers: the process group wiki-up.sh started), as the delta of
  that group's utime+stime over the run: the target's share of the machine, same for both tools.
Started by ci/bench.sh, which owns the wiki and the build.
"""
import argparse
import ctypes
import json
import os
import random
import re
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time

CLK_TCK = os.sysconf('SC_CLK_TCK')
PR_SET_CHILD_SUBREAPER = 36
SAMPLE_S = 0.1
PSS_EVERY = 3  # PSS (smaps_rollup walks the page tables) every 3rd sample: 0.3 s


def read(path):
    try:
        with open(path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')
    except OSError:
        return None


def parse_stat(text):
    """(ppid, session, utime+stime ticks, starttime) from /proc/PID/stat."""
    rest = text[text.rindex(')') + 2:].split()
    return int(rest[1]), int(rest[3]), int(rest[11]) + int(rest[12]), int(rest[19])


def status_kb(pid, key):
    text = read(f'/proc/{pid}/status') or ''
    m = re.search(rf'^{key}:\s+(\d+) kB', text, re.M)
    return int(m.group(1)) if m else 0


def pss_kb(pid):
    text = read(f'/proc/{pid}/smaps_rollup') or ''
    m = re.search(r'^Pss:\s+(\d+) kB', text, re.M)
    return int(m.group(1)) if m else 0


def classify(pid, orchestrator_names):
    try:
        exe = os.path.basename(os.readlink(f'/proc/{pid}/exe'))
    except OSError:
        return None
    if exe in orchestrator_names:
        return 'orchestrator'
    if exe.startswith('chrom') or exe.startswith('chrome_crashpad'):
        return 'browser'
    return 'other'


class Sampler(threading.Thread):
    """Follows one session's processes until stopped."""

    def __init__(self, sid, orchestrator_names):
        super().__init__(daemon=True)
        self.sid = sid
        self.names = orchestrator_names
        self.stop_event = threading.Event()
        self.outside = set()  # (pid, starttime) known not to be ours
        self.procs = {}  # (pid, starttime) -> {kind, cpu_ticks, hwm_kb}
        self.peak_pss = {'orchestrator': 0, 'browser': 0, 'other': 0}
        self.peak_rss_sum = {'orchestrator': 0, 'browser': 0, 'other': 0}

    def ours(self):
        """Live processes of this run: the session, and descendants that left it (Playwright
        starts Chromium detached, in a session of its own)."""
        stats = {}
        for name in os.listdir('/proc'):
            if name.isdigit():
                text = read(f'/proc/{name}/stat')
                if text:
                    ppid, sid, ticks, start = parse_stat(text)
                    stats[int(name)] = (ppid, sid, ticks, start)
        live = {(pid, v[3]) for pid, v in stats.items()}
        known = {pid for (pid, start) in self.procs if (pid, start) in live}
        new = {pid: v for pid, v in stats.items() if (pid, v[3]) not in self.outside and pid not in known}
        changed = True
        while changed:  # a child may appear in the same sample as its parent
            changed = False
            for pid, (ppid, sid, _, _) in list(new.items()):
                if sid == self.sid or ppid in known:
                    known.add(pid)
                    del new[pid]
                    changed = True
        for pid, v in new.items():
            self.outside.add((pid, v[3]))
        return {pid: stats[pid] for pid in known}

    def sample(self, with_pss):
        pss = {'orchestrator': 0, 'browser': 0, 'other': 0}
        rss = dict(pss)
        for pid, (_, _, ticks, start) in self.ours().items():
            key = (pid, start)
            # Classified at every sample, not once: a process first seen between fork and exec
            # still runs the orchestrator's binary, and exec keeps its pid and start time (two
            # runs once counted a Chromium as the orchestrator that way).
            kind = classify(pid, self.names)
            if kind is None:
                continue
            p = self.procs.get(key)
            if p is None or p['kind'] != kind:
                p = self.procs[key] = {'kind': kind, 'cpu_ticks': 0, 'hwm_kb': 0}
            p['cpu_ticks'] = max(p['cpu_ticks'], ticks)
            kind = p['kind']
            if kind == 'orchestrator':
                p['hwm_kb'] = max(p['hwm_kb'], status_kb(pid, 'VmHWM'))
            rss[kind] += status_kb(pid, 'VmRSS')
            if with_pss:
                pss[kind] += pss_kb(pid)
        for kind in pss:
            self.peak_rss_sum[kind] = max(self.peak_rss_sum[kind], rss[kind])
            if with_pss:
                self.peak_pss[kind] = max(self.peak_pss[kind], pss[kind])

    def run(self):
        n = 0
        while not self.stop_event.is_set():
            self.sample(n % PSS_EVERY == 0)
            n += 1
            self.stop_event.wait(SAMPLE_S)

    def session_pids(self):
        """The run's processes still alive (zombies of ours are reaped by the caller)."""
        return [pid for pid in self.ours() if pid != os.getpid()]


def children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def reap_orphans():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def group_cpu_ticks(pgid):
    """utime+stime of the live processes of process group `pgid`, by (pid, start time)."""
    ticks = {}
    if not pgid:
        return ticks
    for name in os.listdir('/proc'):
        text = read(f'/proc/{name}/stat') if name.isdigit() else None
        if text:
            rest = text[text.rindex(')') + 2:].split()
            if int(rest[2]) == pgid:
                ticks[(name, rest[19])] = int(rest[11]) + int(rest[12])
    return ticks


def measure(cmd, cwd, env, log_path, orchestrator_names, timeout_s, wiki_pgid):
    """Runs cmd in its own session; returns wall, exit code, CPU and memory figures."""
    cpu0 = children_cpu_s()
    wiki0 = group_cpu_ticks(wiki_pgid)
    with open(log_path, 'wb') as log:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    sampler = Sampler(proc.pid, orchestrator_names)
    sampler.start()
    deadline = t0 + timeout_s
    timed_out = False
    while True:  # bounded: the tool's own limit plus ours
        info = os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT | os.WNOHANG)
        if info is not None:
            break
        if time.monotonic() > deadline and not timed_out:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
        time.sleep(0.02)
    wall = time.monotonic() - t0
    root_text = read(f'/proc/{proc.pid}/stat')  # a zombie still has its own times
    root_ticks = parse_stat(root_text)[2] if root_text else 0
    _, status, _ = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Whatever the tool left running: bounded wait, then SIGKILL by PID (all ours: same session).
    leftover = []
    end = time.monotonic() + 5
    while True:
        reap_orphans()
        pids = sampler.session_pids()
        if not pids:
            break
        if time.monotonic() > end:
            leftover = pids
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.2)
            reap_orphans()
            break
        time.sleep(0.05)
    sampler.stop_event.set()
    sampler.join()
    total_cpu = children_cpu_s() - cpu0
    # PHP's workers live as long as the wiki; one that started during the run counts from 0.
    wiki_ticks = sum(t - wiki0.get(key, 0) for key, t in group_cpu_ticks(wiki_pgid).items())
    orch_ticks = root_ticks
    browser_ticks = 0
    hwms = []
    for (pid, _), p in sampler.procs.items():
        if p['kind'] == 'orchestrator':
            hwms.append(p['hwm_kb'])
            if pid != proc.pid:
                orch_ticks += p['cpu_ticks']
        elif p['kind'] == 'browser':
            browser_ticks += p['cpu_ticks']
    return {
        'wall_s': wall,
        'exit_code': proc.returncode,
        'timed_out': timed_out,
        'orchestrator_cpu_s': orch_ticks / CLK_TCK,
        'orchestrator_processes': len(hwms),
        'browser_cpu_s_sampled': browser_ticks / CLK_TCK,
        'total_cpu_s': total_cpu,
        'wiki_cpu_s': wiki_ticks / CLK_TCK,
        'orchestrator_peak_rss_mb': max(hwms, default=0) / 1024,
        'orchestrator_sum_hwm_mb': sum(hwms) / 1024,
        'orchestrator_peak_pss_mb': sampler.peak_pss['orchestrator'] / 1024,
        'browser_peak_pss_mb': sampler.peak_pss['browser'] / 1024,
        'leftover_processes': len(leftover),
    }


def slug(case):
    return re.sub(r'[^a-z0-9]+', '-', case).strip('-')


def iso_to_epoch(s):
    from datetime import datetime
    return datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()


def cujo_breakdown(results_path, launch_epoch, exit_epoch):
    """Where cujo's wall time goes, from its results.json."""
    r = json.load(open(results_path))
    attempts = [a for j in r['journeys'] for a in j['attempts']]
    passed = sum(1 for a in attempts if a.get('outcome') == 'passed')
    steps = sum(s['duration_ms'] for a in attempts for s in a['steps']) / 1000
    loads = sum(n['load_ms'] for a in attempts for n in a['navigations'] if n.get('load_ms', -1) > 0) / 1000
    attempt_s = sum(a['duration_ms'] for a in attempts) / 1000
    spans = sorted((iso_to_epoch(a['started_at']), iso_to_epoch(a['started_at']) + a['duration_ms'] / 1000)
                   for a in attempts)
    first = spans[0][0] if spans else exit_epoch
    last = max((e for _, e in spans), default=exit_epoch)
    return {
        'attempts': len(attempts),
        'passed': passed,
        'sum_steps_s': steps,
        'sum_navigation_load_s': loads,
        'sum_attempts_s': attempt_s,
        'in_attempt_setup_s': attempt_s - steps,
        'launch_to_first_attempt_s': first - launch_epoch,
        # Serial runs (1 browser): the time between one attempt's end and the next one's start.
        'between_attempts_s': sum(max(0, spans[i + 1][0] - spans[i][1]) for i in range(len(spans) - 1)),
        'last_attempt_to_exit_s': exit_epoch - last,
    }


def playwright_counts(report_path):
    r = json.load(open(report_path))
    stats = r.get('stats', {})
    return {'attempts': stats.get('expected', 0) + stats.get('unexpected', 0) + stats.get('flaky', 0),
            'passed': stats.get('expected', 0),
            'runner_reported_s': stats.get('duration', 0) / 1000}


class Bench:
    def __init__(self, a):
        self.a = a
        self.repo = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
        self.work = os.path.abspath(a.work_dir)
        self.samples = {}  # case -> list of figure dicts
        self.loads = []
        self.seq = 0
        # Like for like: exactly the journeys that have a Playwright twin (spec named after it).
        specs = sorted(os.listdir(os.path.join(self.repo, 'ci/bench/playwright')))
        self.journeys = [os.path.join(self.repo, 'journeys/mediawiki', s[:-len('.spec.ts')] + '.yaml')
                         for s in specs if s.endswith('.spec.ts')]

    def record(self, case, fig):
        self.samples.setdefault(case, []).append(fig)
        self.loads.append(os.getloadavg()[0])
        ok = 'ok' if fig['exit_code'] == 0 else f'EXIT {fig["exit_code"]}'
        print(f'  {case:<28} {fig["wall_s"]:7.2f} s  orch cpu {fig["orchestrator_cpu_s"]:6.2f} s  '
              f'total cpu {fig["total_cpu_s"]:6.2f} s  orch rss {fig["orchestrator_peak_rss_mb"]:4.0f} MB  '
              f'browser pss {fig["browser_peak_pss_mb"]:4.0f} MB  {ok}  load {self.loads[-1]:.1f}', flush=True)

    def cujo(self, case, tier, browsers, extra=(), chromium=None):
        self.seq += 1
        out = os.path.join(self.work, f'{self.seq:03d}-{slug(case)}')
        cmd = [self.a.cujo, 'run', *self.journeys, '--base-url', self.a.base_url, '--tier', tier,
               '--browsers', str(browsers), '--out', out, '--chromium', chromium or self.a.chromium,
               *extra]
        launch = time.time()
        names = {'cujo', os.path.basename(os.path.realpath(self.a.cujo))}
        fig = measure(cmd, self.repo, os.environ.copy(), out + '.log', names, 300, self.a.wiki_pgid)
        fig.update(cujo_breakdown(os.path.join(out, 'results.json'), launch, time.time()))
        self.record(case, fig)
        return fig

    def playwright(self, case, grep, workers, repeat_each=1, chromium=None):
        self.seq += 1
        out = os.path.join(self.work, f'{self.seq:03d}-{slug(case)}')
        env = dict(os.environ, BENCH_WORKERS=str(workers), BENCH_PW_JSON=out + '.json',
                   BENCH_PW_OUT=out, BENCH_CHROMIUM=chromium or self.a.chromium)
        bench_dir = os.path.join(self.repo, 'ci/bench')
        cmd = ['node', os.path.join(bench_dir, 'node_modules/@playwright/test/cli.js'), 'test',
               '--grep', grep, '--repeat-each', str(repeat_each)]
        fig = measure(cmd, bench_dir, env, out + '.log', {'node'}, 300, self.a.wiki_pgid)
        fig.update(playwright_counts(out + '.json'))
        self.record(case, fig)
        return fig

    def run(self):
        a = self.a
        qb = a.quick_browsers
        print(f'bench: {a.reps} repetitions ({a.quick_reps} pairs of the quick tier), '
              f'alternating cujo and Playwright; quick tier with {qb} browser(s); load average at '
              f'start {os.getloadavg()[0]:.2f}', flush=True)
        # Warm-up, not recorded: the wiki's caches (parser, ResourceLoader) and the OS page cache.
        self.cujo('warm-up cujo', 'all', 2)
        self.playwright('warm-up playwright', '@quick|@slow', 2)
        self.samples.clear()
        self.loads.clear()
        flips = {}  # per case: how many of its pairs ran, so that each starts with either tool
        for rep in range(a.reps):
            print(f'rep {rep + 1}/{a.reps}', flush=True)
            # The quick tier's target is the closest call: it gets more pairs than the other
            # cases, spread evenly over the repetitions (the machine's load drifts).
            quick_pairs = a.quick_reps * (rep + 1) // a.reps - a.quick_reps * rep // a.reps
            pairs = [
                ('quick', lambda: self.cujo('cujo quick', 'quick', qb),
                 lambda: self.playwright('playwright quick', '@quick', qb)),
            ] * quick_pairs + [
                ('all x1', lambda: self.cujo('cujo all x1', 'all', 1),
                 lambda: self.playwright('playwright all x1', '@quick|@slow', 1)),
                ('all x2', lambda: self.cujo('cujo all x2', 'all', 2),
                 lambda: self.playwright('playwright all x2', '@quick|@slow', 2)),
            ]
            if qb != 2:
                # The quick tier as a gate on a 2-core machine may run it: 2 browsers, 2 workers.
                pairs.append(('quick x2', lambda: self.cujo('cujo quick x2', 'quick', 2),
                              lambda: self.playwright('playwright quick x2', '@quick', 2)))
            if a.full_chromium != a.chromium:
                # Both tools on the desktop browser too, the default before the headless shell.
                pairs.append(('quick full',
                              lambda: self.cujo('cujo quick full', 'quick', qb, chromium=a.full_chromium),
                              lambda: self.playwright('playwright quick full', '@quick', qb,
                                                      chromium=a.full_chromium)))
            for case, cujo_run, pw_run in pairs:
                flip = flips.get(case, 0)
                flips[case] = flip + 1
                first, second = (cujo_run, pw_run) if flip % 2 == 0 else (pw_run, cujo_run)
                first()
                second()
            self.cujo('cujo quick --warm-cache', 'quick', qb, ['--warm-cache'])
            self.cujo('cujo quick --per-browser 3', 'quick', qb, ['--per-browser', '3'])
        # Traffic mode: 2 browsers for ~duration; Playwright's --repeat-each sized to match.
        dur = a.traffic_seconds
        qb = a.quick_browsers
        # Seconds per round of the quick tier on 2 workers: first a guess from the quick-tier
        # runs (it assumes perfect scaling and came out about 2x too short), then what the last
        # traffic run took, so that Playwright's runs last about as long as cujo's.
        per_round = median([f['wall_s'] for f in self.samples['playwright quick']]) * qb / 2
        for rep in range(a.traffic_reps):
            self.cujo('cujo traffic', 'quick', 2, ['--duration', f'{dur}s'])
            repeat = max(1, round(dur / per_round))
            fig = self.playwright('playwright traffic', '@quick', 2, repeat)
            per_round = fig['wall_s'] / repeat
            self.cujo('cujo traffic --warm-cache', 'quick', 2, ['--duration', f'{dur}s', '--warm-cache'])


def median(xs):
    return statistics.median(xs) if xs else float('nan')


# With 5 repetitions a ratio of medians moves by several hundredths between runs of the
# benchmark; the interval says whether a target's verdict could go the other way on a rerun.
def ratio_interval(xs, ys, level=0.9, resamples=4000):
    """Bootstrap interval of median(xs) / median(ys), each tool's runs resampled on their own."""
    if len(xs) < 2 or len(ys) < 2:
        return None
    rng = random.Random(8)  # fixed: the same samples give the same interval
    ratios = sorted(median(rng.choices(xs, k=len(xs))) / median(rng.choices(ys, k=len(ys)))
                    for _ in range(resamples))
    tail = (1 - level) / 2
    return [ratios[int(tail * resamples)], ratios[int((1 - tail) * resamples) - 1]]


def stat(samples, key):
    # A memory figure of 0 means the process was not recognised (not measured), not 0 MB.
    xs = [s[key] for s in samples if key in s and not (key.endswith('_mb') and s[key] == 0)]
    if not xs:
        return None
    return {'median': median(xs), 'min': min(xs), 'max': max(xs), 'n': len(xs)}


def summarize(bench, cdp_text, machine):
    S = bench.samples
    keys = ['wall_s', 'orchestrator_cpu_s', 'browser_cpu_s_sampled', 'total_cpu_s', 'wiki_cpu_s',
            'cpu_floor_s', 'jpm',
            'orchestrator_peak_rss_mb', 'orchestrator_sum_hwm_mb', 'orchestrator_peak_pss_mb',
            'browser_peak_pss_mb', 'attempts', 'passed', 'sum_steps_s', 'sum_navigation_load_s',
            'sum_attempts_s', 'in_attempt_setup_s', 'launch_to_first_attempt_s',
            'last_attempt_to_exit_s', 'between_attempts_s', 'leftover_processes', 'exit_code']
    for v in S.values():
        for f in v:
            # The wall time if every core were busy all along: the run's CPU and the wiki's,
            # over the cores.
            if 'wiki_cpu_s' in f:
                f['cpu_floor_s'] = (f['total_cpu_s'] + f['wiki_cpu_s']) / machine['nproc']
            f['jpm'] = f['passed'] / f['wall_s'] * 60  # journeys per minute
    cases = {c: {k: stat(v, k) for k in keys if stat(v, k)} for c, v in S.items()}
    m = lambda c, k: cases[c][k]['median'] if c in cases and k in cases[c] else float('nan')
    ratio = lambda x, y: x / y if y else float('nan')
    x1 = S.get('cujo all x1', [])
    overhead = [1 - f['sum_steps_s'] / f['wall_s'] for f in x1]
    nav_overhead = [1 - f['sum_navigation_load_s'] / f['wall_s'] for f in x1]
    figures = {
        'quick_wall_ratio': ratio(m('cujo quick', 'wall_s'), m('playwright quick', 'wall_s')),
        'quick_wall_ratio_warm_cache': ratio(m('cujo quick --warm-cache', 'wall_s'),
                                             m('playwright quick', 'wall_s')),
        'quick_x2_wall_ratio': ratio(m('cujo quick x2', 'wall_s'), m('playwright quick x2', 'wall_s')),
        'all_x1_ratio': ratio(m('cujo all x1', 'wall_s'), m('playwright all x1', 'wall_s')),
        'all_x2_ratio': ratio(m('cujo all x2', 'wall_s'), m('playwright all x2', 'wall_s')),
        'cujo_scaling_x1_to_x2': ratio(m('cujo all x1', 'wall_s'), m('cujo all x2', 'wall_s')),
        'playwright_scaling_x1_to_x2': ratio(m('playwright all x1', 'wall_s'),
                                             m('playwright all x2', 'wall_s')),
        'quick_orchestrator_cpu_ratio': ratio(m('cujo quick', 'orchestrator_cpu_s'),
                                              m('playwright quick', 'orchestrator_cpu_s')),
        'all_x2_orchestrator_cpu_ratio': ratio(m('cujo all x2', 'orchestrator_cpu_s'),
                                               m('playwright all x2', 'orchestrator_cpu_s')),
        'quick_total_cpu_ratio': ratio(m('cujo quick', 'total_cpu_s'), m('playwright quick', 'total_cpu_s')),
        'quick_wall_ratio_full_chromium': ratio(m('cujo quick full', 'wall_s'),
                                                m('playwright quick full', 'wall_s')),
        'quick_wall_ratio_per_browser_3': ratio(m('cujo quick --per-browser 3', 'wall_s'),
                                                m('playwright quick', 'wall_s')),
        'quick_cpu_floor_ratio': ratio(m('cujo quick', 'cpu_floor_s'), m('playwright quick', 'wall_s')),
        'cujo_orchestrator_peak_rss_mb_max': max(
            (f['orchestrator_peak_rss_mb'] for c, v in S.items() if c.startswith('cujo') for f in v),
            default=float('nan')),
        'traffic_jpm_ratio': ratio(m('cujo traffic', 'jpm'), m('playwright traffic', 'jpm')),
        'traffic_jpm_ratio_warm_cache': ratio(m('cujo traffic --warm-cache', 'jpm'),
                                              m('playwright traffic', 'jpm')),
        'orchestration_overhead_all_x1': median(overhead),
        'overhead_vs_navigation_load_all_x1': median(nav_overhead),
    }
    samples = lambda c, k: [x[k] for x in S.get(c, []) if k in x]
    f = figures
    f['quick_wall_ratio_interval'] = ratio_interval(samples('cujo quick', 'wall_s'),
                                                    samples('playwright quick', 'wall_s'))
    f['quick_orchestrator_cpu_ratio_interval'] = ratio_interval(
        samples('cujo quick', 'orchestrator_cpu_s'), samples('playwright quick', 'orchestrator_cpu_s'))
    f['traffic_jpm_ratio_interval'] = ratio_interval(samples('cujo traffic', 'jpm'),
                                                     samples('playwright traffic', 'jpm'))
    targets = [
        ('quick tier wall, cujo / Playwright', f['quick_wall_ratio'], '<=', 0.5,
         f['quick_wall_ratio_warm_cache'], f['quick_wall_ratio_interval']),
        ('orchestrator CPU (quick), cujo / Playwright', f['quick_orchestrator_cpu_ratio'], '<=', 0.25, None,
         f['quick_orchestrator_cpu_ratio_interval']),
        ('cujo orchestrator peak RSS (MB, max of runs)', f['cujo_orchestrator_peak_rss_mb_max'], '<', 40, None,
         None),
        ('traffic journeys/min, cujo / Playwright', f['traffic_jpm_ratio'], '>=', 1.3,
         f['traffic_jpm_ratio_warm_cache'], f['traffic_jpm_ratio_interval']),
        ('orchestration overhead (all x1, 1 - steps/wall)', f['orchestration_overhead_all_x1'], '<', 0.10, None,
         None),
    ]
    verdicts = []
    for name, value, op, target, warm, interval in targets:
        met = {'<=': value <= target, '<': value < target, '>=': value >= target}[op]
        verdicts.append({'target': name, 'value': value, 'op': op, 'limit': target, 'met': bool(met),
                         'warm_cache_value': warm, 'interval_90': interval})
    return {'machine': machine, 'reps': bench.a.reps,
            'quick_pairs': len(bench.samples.get('cujo quick', [])), 'cases': cases, 'figures': figures,
            'targets': verdicts, 'cdp_round_trip': cdp_text,
            'load_average': {'min': min(bench.loads, default=0), 'median': median(bench.loads),
                             'max': max(bench.loads, default=0)},
            'raw': S}


def fmt(st, key='wall_s', unit='s', digits=2):
    if not st or key not in st:
        return '-'
    s = st[key]
    return f'{s["median"]:.{digits}f} {unit} ({s["min"]:.{digits}f}-{s["max"]:.{digits}f})'


def table(res):
    c = res['cases']
    lines = []
    md = lambda *cells: lines.append('| ' + ' | '.join(cells) + ' |')
    md('figure (median, min-max)', 'cujo', 'Playwright 1.65', 'cujo / PW', 'cujo --warm-cache')
    md('---', '---', '---', '---', '---')
    F = res['figures']
    g = lambda name: c.get(name, {})
    r = lambda x: f'{x:.2f}x'
    md('quick tier wall, launch to verdict', fmt(g('cujo quick')), fmt(g('playwright quick')),
       r(F['quick_wall_ratio']), fmt(g('cujo quick --warm-cache')))
    if g('cujo quick x2'):
        md('quick tier wall, 2 browsers (Playwright: 2 workers)', fmt(g('cujo quick x2')),
           fmt(g('playwright quick x2')), r(F['quick_x2_wall_ratio']), '-')
    if g('cujo quick full'):
        md('quick tier wall, both tools on the full Chromium (not the headless shell)',
           fmt(g('cujo quick full')), fmt(g('playwright quick full')),
           r(F['quick_wall_ratio_full_chromium']), '-')
    md('quick tier wall, 3 journeys at once in the browser (cujo --per-browser 3)',
       fmt(g('cujo quick --per-browser 3')), '-', r(F['quick_wall_ratio_per_browser_3']), '-')
    md(f'quick tier: (CPU of everything + wiki) / {res["machine"]["nproc"]} cores, the wall if every '
       'core were busy', fmt(g('cujo quick'), 'cpu_floor_s'), fmt(g('playwright quick'), 'cpu_floor_s'),
       r(F['quick_cpu_floor_ratio']) + ' of PW wall', fmt(g('cujo quick --warm-cache'), 'cpu_floor_s'))
    md('all 14 journeys wall, 1 browser', fmt(g('cujo all x1')), fmt(g('playwright all x1')),
       r(F['all_x1_ratio']), '-')
    md('all 14 journeys wall, 2 browsers', fmt(g('cujo all x2')), fmt(g('playwright all x2')),
       r(F['all_x2_ratio']), '-')
    md('scaling 1 -> 2 browsers (x1 / x2)', r(F['cujo_scaling_x1_to_x2']),
       r(F['playwright_scaling_x1_to_x2']), '-', '-')
    for case_c, case_p, label in (('cujo quick', 'playwright quick', 'quick'),
                                  ('cujo all x2', 'playwright all x2', 'all x2')):
        md(f'orchestrator CPU, {label}', fmt(g(case_c), 'orchestrator_cpu_s'),
           fmt(g(case_p), 'orchestrator_cpu_s'),
           r(g(case_c)['orchestrator_cpu_s']['median'] / g(case_p)['orchestrator_cpu_s']['median']),
           fmt(g(case_c + ' --warm-cache'), 'orchestrator_cpu_s') if label == 'quick' else '-')
        md(f'CPU of everything, {label}', fmt(g(case_c), 'total_cpu_s'), fmt(g(case_p), 'total_cpu_s'),
           r(g(case_c)['total_cpu_s']['median'] / g(case_p)['total_cpu_s']['median']),
           fmt(g(case_c + ' --warm-cache'), 'total_cpu_s') if label == 'quick' else '-')
        md(f'orchestrator peak RSS, {label} (PW: largest node process)',
           fmt(g(case_c), 'orchestrator_peak_rss_mb', 'MB', 0),
           fmt(g(case_p), 'orchestrator_peak_rss_mb', 'MB', 0), '-', '-')
        md(f'orchestrator peak PSS, {label} (PW: all node processes)',
           fmt(g(case_c), 'orchestrator_peak_pss_mb', 'MB', 0),
           fmt(g(case_p), 'orchestrator_peak_pss_mb', 'MB', 0), '-', '-')
        md(f'wiki (PHP) CPU, {label}', fmt(g(case_c), 'wiki_cpu_s'), fmt(g(case_p), 'wiki_cpu_s'), '-',
           fmt(g(case_c + ' --warm-cache'), 'wiki_cpu_s') if label == 'quick' else '-')
        md(f'browsers peak PSS, {label}', fmt(g(case_c), 'browser_peak_pss_mb', 'MB', 0),
           fmt(g(case_p), 'browser_peak_pss_mb', 'MB', 0), '-', '-')
    md('traffic mode, 2 browsers, journeys/min', fmt(g('cujo traffic'), 'jpm', '', 1),
       fmt(g('playwright traffic'), 'jpm', '', 1), r(F['traffic_jpm_ratio']),
       fmt(g('cujo traffic --warm-cache'), 'jpm', '', 1))
    x1 = g('cujo all x1')
    if x1:
        md('cujo all x1: sum of step durations / wall', fmt(x1, 'sum_steps_s') + ' / ' + fmt(x1), '-', '-', '-')
        md('cujo all x1: sum of navigation load (Chromium) ', fmt(x1, 'sum_navigation_load_s'), '-', '-', '-')
        md('cujo all x1: in-attempt setup (attempt - steps)', fmt(x1, 'in_attempt_setup_s'), '-', '-', '-')
        md('cujo all x1: launch to first attempt', fmt(x1, 'launch_to_first_attempt_s'), '-', '-', '-')
        md('cujo all x1: last attempt to exit', fmt(x1, 'last_attempt_to_exit_s'), '-', '-', '-')
        md('cujo all x1: between attempts (context/page setup, teardown)', fmt(x1, 'between_attempts_s'),
           '-', '-', '-')
        md('cujo orchestration overhead (1 - steps/wall)', f'{F["orchestration_overhead_all_x1"] * 100:.1f} %',
           '-', '-', '-')
    lines.append('')
    for t in res['targets']:
        warm = '' if t['warm_cache_value'] is None else f' (with --warm-cache: {t["warm_cache_value"]:.2f})'
        low_high = t.get('interval_90')
        interval = '' if not low_high else f' [90% bootstrap interval {low_high[0]:.2f}-{low_high[1]:.2f}]'
        lines.append(f'- target {t["target"]} {t["op"]} {t["limit"]}: {t["value"]:.2f}{interval}{warm} -> '
                     f'{"MET" if t["met"] else "NOT MET"}')
    return '\n'.join(lines)


def machine_info(chromium):
    model = ''
    for line in (read('/proc/cpuinfo') or '').splitlines():
        if line.startswith('model name'):
            model = line.split(':', 1)[1].strip()
            break
    version = subprocess.run([chromium, '--version'], capture_output=True, text=True).stdout.strip()
    return {'nproc': os.cpu_count(), 'model_name': model, 'chromium': f'{version} ({chromium})',
            'kernel': os.uname().release}


# The browser cujo launches by default (cdp/browser.cc): the headless shell if installed.
HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell'
FULL_CHROMIUM = '/usr/lib/chromium/chromium'


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--cujo', required=True)
    p.add_argument('--base-url', required=True)
    p.add_argument('--work-dir', required=True, help='per-run outputs (kept for inspection)')
    p.add_argument('--results', required=True, help='bench-results.json to write')
    p.add_argument('--reps', type=int, default=int(os.environ.get('BENCH_REPS', 5)))
    p.add_argument('--quick-reps', type=int, default=int(os.environ.get('BENCH_QUICK_REPS', 15)),
                   help='pairs of the quick tier, spread over the repetitions (at least --reps)')
    p.add_argument('--quick-browsers', type=int, default=1)
    p.add_argument('--traffic-seconds', type=int, default=60)
    p.add_argument('--traffic-reps', type=int, default=int(os.environ.get('BENCH_TRAFFIC_REPS', 3)))
    p.add_argument('--cdp-text', help='output of cujo_cdp_bench to include')
    p.add_argument('--chromium', default=HEADLESS_SHELL if os.access(HEADLESS_SHELL, os.X_OK)
                   else FULL_CHROMIUM, help="both tools' browser (default: cujo's default)")
    p.add_argument('--full-chromium', default=FULL_CHROMIUM,
                   help='the desktop browser, for the quick tier of both tools on it too')
    p.add_argument('--wiki-pgid', type=int, default=int(os.environ.get('CUJO_WIKI_PGID', 0)),
                   help="the wiki's process group, for its CPU (default: $CUJO_WIKI_PGID)")
    p.add_argument('--resummarize', metavar='JSON',
                   help='only recompute the figures and table from the samples of a results file')
    a = p.parse_args()
    a.quick_reps = max(a.quick_reps, a.reps)  # every repetition has a pair of the quick tier
    if a.resummarize:
        old = json.load(open(a.resummarize))
        bench = Bench(a)
        bench.samples = old['raw']
        bench.loads = [old['load_average']['min'], old['load_average']['median'],
                       old['load_average']['max']]
        res = summarize(bench, old.get('cdp_round_trip', ''), old['machine'])
        res['table_markdown'] = table(res)
        with open(a.results, 'w') as f:
            json.dump(res, f, indent=1)
        print(res['table_markdown'])
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit('bench: prctl(PR_SET_CHILD_SUBREAPER) failed')
    os.makedirs(a.work_dir, exist_ok=True)
    bench = Bench(a)
    machine = machine_info(a.chromium)
    bench.run()
    cdp = open(a.cdp_text).read() if a.cdp_text and os.path.exists(a.cdp_text) else ''
    res = summarize(bench, cdp, machine)
    text = table(res)
    res['table_markdown'] = text
    with open(a.results, 'w') as f:
        json.dump(res, f, indent=1)
    la = res['load_average']
    print(f'\nMachine: {machine["nproc"]} x {machine["model_name"]}, {machine["chromium"]}; '
          f'1-min load average during the run {la["min"]:.1f}-{la["max"]:.1f} '
          f'(median {la["median"]:.1f})')
    print(text)
    if cdp:
        print('\nCDP round trip (cujo_cdp_bench):\n' + cdp)
    print(f'\nbench: wrote {a.results}')
    failed = [c for c, v in bench.samples.items() for f in v if f['exit_code'] != 0]
    if failed:
        print(f'bench: some runs did not pass: {sorted(set(failed))}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
