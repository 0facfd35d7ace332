"""Audit the installed dependencies against known vulnerabilities (`make quality`).

pip-audit asks PyPI's vulnerability service about every package of the virtual environment.
Where that service cannot be reached (a closed network), the audit is skipped with a message
rather than failed: a lint step must not depend on a remote service's availability. A
vulnerability found fails it.
"""

import json
import subprocess
import sys


def main() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--local", "--progress-spinner", "off", "-f", "json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(
            f"Audit des dépendances ignoré : service injoignable ({result.stderr.strip()[-200:]})."
        )
        return 0
    dependencies = report["dependencies"]
    audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
    if not audited:
        print("Audit des dépendances ignoré : la base des vulnérabilités de PyPI est injoignable.")
        return 0
    vulnerable = [dependency for dependency in audited if dependency.get("vulns")]
    for dependency in vulnerable:
        ids = ", ".join(vulnerability["id"] for vulnerability in dependency["vulns"])
        print(f"{dependency['name']} {dependency['version']} : {ids}")
    print(f"Audit des dépendances : {len(audited)} paquets, {len(vulnerable)} vulnérables.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
