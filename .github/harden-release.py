#!/usr/bin/env python3
"""Hardens the release workflow that `dist generate` writes (cargo-dist 0.31.0), for
zizmor's high-severity audits. dist-workspace.toml sets allow-dirty = ["ci"], so that
dist neither undoes these edits nor complains of them; to regenerate the workflow after
changing dist-workspace.toml or dist's version, comment that line out, then

    dist generate && python3 .github/harden-release.py

and put the line back. It changes nothing else, and running it twice changes nothing
more:

- permissions: none at the workflow level; `contents: read` for every job and
  `contents: write` only for `host`, which creates the GitHub Release (dist puts
  `contents: write` on the whole workflow: excessive-permissions);
- the plan step takes the tag from an environment variable instead of expanding
  `github.ref_name` into its script (template-injection);
- the build job's `container:` line and its Rust-in-a-container step go: no target
  here builds in a container (dist plan's matrix has none), and the line was an
  unpinned image reference (unpinned-images).
"""

import pathlib
import sys

PATH = pathlib.Path(__file__).parent / "workflows" / "release.yml"

NOTE = """# Then hardened by .github/harden-release.py (permissions per job, no template
# expansion in the plan script, no container): run it after every `dist generate`.
"""

PLAN_OLD = """      - id: plan
        run: |
          dist ${{ (!github.event.pull_request && format('host --steps=create --tag={0}', github.ref_name)) || 'plan' }} --output-format=json > plan-dist-manifest.json
"""
PLAN_NEW = """      - id: plan
        env:
          DIST_COMMAND: ${{ (!github.event.pull_request && format('host --steps=create --tag={0}', github.ref_name)) || 'plan' }}
        run: |
          # The tag is one argument of dist (split on spaces, never run as code).
          dist $DIST_COMMAND --output-format=json > plan-dist-manifest.json
"""
CONTAINER_OLD = """    container: ${{ matrix.container && matrix.container.image || null }}
"""
RUST_IN_CONTAINER = """      - name: Install Rust non-interactively if not already installed
        if: ${{ matrix.container }}
        run: |
          if ! command -v cargo > /dev/null 2>&1; then
            curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
            echo "$HOME/.cargo/bin" >> $GITHUB_PATH
          fi
"""
JOBS = {
    "plan": "read",
    "build-local-artifacts": "read",
    "build-global-artifacts": "read",
    "host": "write",
    "announce": "read",
}


def harden(text: str) -> str:
    text = text.replace('permissions:\n  "contents": "write"\n', "permissions: {}\n")
    if NOTE not in text:
        text = text.replace("\nname: Release\n", "\n" + NOTE + "\nname: Release\n", 1)
    text = text.replace(PLAN_OLD, PLAN_NEW)
    text = text.replace(CONTAINER_OLD, "")
    text = text.replace(RUST_IN_CONTAINER, "")
    for job, access in JOBS.items():
        head = f"\n  {job}:\n"
        granted = f"{head}    permissions:\n      contents: {access}\n"
        if granted not in text:
            if head not in text:
                sys.exit(f"no job {job} in the workflow")
            text = text.replace(head, granted, 1)
    for old in ('"contents": "write"', "github.ref_name)) || 'plan' }} --output", "matrix.container"):
        if old in text:
            sys.exit(f"`{old}` is still there: dist's template changed, update this script")
    return text


def main() -> None:
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else PATH
    text = path.read_text(encoding="utf-8")
    hardened = harden(text)
    if hardened != text:
        path.write_text(hardened, encoding="utf-8")
        print(f"hardened {path}")
    else:
        print(f"{path} is already hardened")


if __name__ == "__main__":
    main()
