"""The baselines that `stratc build --solver highs` is measured against (`benches/peer/run`).

    python3 baseline.py lp   PLAN.lp   HiGHS alone (highspy) on stratc's exported final program
    python3 baseline.py pulp PLAN.lp   the same program built as a PuLP model, solved by HiGHS

Both solve to a zero gap, as stratc does. The PuLP model is built from the program's MPS
form (written by HiGHS from the LP file, outside the timing), variable by variable and row
by row through PuLP's own objects: the work a hand-written PuLP model of the strategy does
before it calls the solver. Each prints its wall times; time the whole process from outside.
`benches/peer/run` installs highspy and PuLP in a virtual environment of its own.
"""

import sys
import tempfile
import time


def solve_lp(path):
    import highspy

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.0)
    highs.readModel(path)
    start = time.perf_counter()
    highs.run()
    info = highs.getInfo()
    status = highs.modelStatusToString(highs.getModelStatus())
    print(
        f"highspy: solve {time.perf_counter() - start:.2f} s, {status}, "
        f"objective {info.objective_function_value:.6f}, {info.mip_node_count} nodes"
    )


def solve_pulp(path):
    import highspy
    import pulp

    with tempfile.TemporaryDirectory() as folder:
        mps = f"{folder}/model.mps"
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.readModel(path)
        highs.writeModel(mps)
        start = time.perf_counter()
        _, problem = pulp.LpProblem.fromMPS(mps, sense=sense_of(path))
    built = time.perf_counter()
    problem.solve(pulp.HiGHS(msg=False, gapRel=0.0, gapAbs=0.0))
    print(
        f"pulp: build {built - start:.2f} s, solve {time.perf_counter() - built:.2f} s, "
        f"{pulp.LpStatus[problem.status]}, objective {pulp.value(problem.objective):.6f}"
    )


def sense_of(path):
    import pulp

    with open(path) as file:
        for line in file:
            if line.strip().lower() == "maximize":
                return pulp.LpMaximize
            if line.strip().lower() == "minimize":
                return pulp.LpMinimize
    raise SystemExit(f"{path}: no Maximize or Minimize line")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("lp", "pulp"):
        raise SystemExit(__doc__)
    {"lp": solve_lp, "pulp": solve_pulp}[sys.argv[1]](sys.argv[2])
