"""HRD Desk: offline, encrypted case management for officers who protect human rights defenders.

Start sequence (see ``hrd_desk.cli.main``): harden the process (umask 077, no core dumps), pick the
language, then either run a command-line verb or open the GUI. Layers, imports pointing down only:
``ui`` (Qt) → ``summaries``/``exchange`` → ``cases`` (domain and store, no Qt) → ``crypto`` (vault,
key slots, envelopes). ``i18n`` and ``paths`` are leaves every layer may use.
"""

from importlib import metadata

try:
    __version__ = metadata.version("hrd-desk")
except metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
