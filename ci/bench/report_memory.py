#!/usr/bin/env python3
"""What concluding a long run costs in memory: `cujo report` on runs of many attempts.

Why: while traffic mode runs, cujo's memory stays flat (the soak shows it), but the summarizer and
the reports read every attempt back at the end. `cujo report` goes through the same reading,
summarizing and rendering as the end of `cujo run`, so its peak RSS on runs made of more and more
attempts shows what a long run will need when it concludes.

The runs are made from a real one (a quick-tier run of the benchmark): each journey's attempts are
repeated, each copy a traffic-mode round of its own, until the run has the number asked for.
Usage: report_memory.py --cujo BIN --sample RUN_DIR --work-dir DIR [--attempts 1000,6000,18000]
"""
import argparse
import json
import os
import shutil
import subprocess


def make_run(sample_dir, out_dir, attempts):
    """out_dir/results.json: the sample's journeys with `attempts` attempts in all."""
    with open(os.path.join(sample_dir, 'results.json')) as f:
        run = json.load(f)
    journeys = [j for j in run['journeys'] if j['attempts']]
    seeds = [j['attempts'] for j in journeys]
    for j in journeys:
        j['attempts'] = []
    for k in range(attempts):
        i = k % len(journeys)
        seed = seeds[i][(k // len(journeys)) % len(seeds[i])]
        journeys[i]['attempts'].append(dict(seed, attempt=1))  # each copy a round of its own
    run.pop('summary', None)  # judged again by `cujo report`
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    path = os.path.join(out_dir, 'results.json')
    with open(path, 'w') as f:
        json.dump(run, f)
    return os.path.getsize(path)


def peak_rss_kb(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors='replace')
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f'report_memory: {" ".join(cmd)} failed:\n{stderr}')
    return usage.ru_maxrss


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--cujo', required=True)
    p.add_argument('--sample', required=True, help='a run directory holding results.json')
    p.add_argument('--work-dir', required=True)
    p.add_argument('--attempts', default='1000,6000,18000')
    p.add_argument('--results', help='write the figures here as JSON')
    a = p.parse_args()
    rows = []
    for n in (int(x) for x in a.attempts.split(',')):
        out = os.path.join(a.work_dir, f'report-memory-{n}')
        size = make_run(a.sample, out, n)
        rss = peak_rss_kb([a.cujo, 'report', out])
        rows.append({'attempts': n, 'results_json_mb': size / 1e6, 'peak_rss_mb': rss / 1024})
        shutil.rmtree(out)
    print('\nend of a long run: cujo report on runs of many attempts (peak RSS)')
    print(f'{"attempts":>9} {"results.json":>13} {"peak RSS":>9} {"per attempt":>12}')
    for i, r in enumerate(rows):
        per = ''
        if i > 0:  # the growth from the smallest run: what each further attempt costs
            grow = (r['peak_rss_mb'] - rows[0]['peak_rss_mb']) * 1024
            per = f'{grow / (r["attempts"] - rows[0]["attempts"]):.1f} KB'
            r['kb_per_attempt'] = grow / (r['attempts'] - rows[0]['attempts'])
        print(f'{r["attempts"]:>9} {r["results_json_mb"]:>10.1f} MB {r["peak_rss_mb"]:>6.1f} MB '
              f'{per:>12}')
    if a.results:
        with open(a.results, 'w') as f:
            json.dump(rows, f, indent=1)


if __name__ == '__main__':
    main()
