"""Child for the summary write-failure test: ``OUT_PATH``.

Sets a file-size limit smaller than the encrypted summary, so the kernel refuses the write
half-way (EFBIG), then saves a summary to OUT_PATH and prints the error class seen.
"""

import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hrd_desk.crypto.errors import HrdDeskError
from hrd_desk.summaries.encrypt import generate_password, save_summary
from hrd_desk.summaries.sample import build_sample

pdf = build_sample("en", 20)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
resource.setrlimit(resource.RLIMIT_FSIZE, (len(pdf) // 2, len(pdf) // 2))
try:
    save_summary(pdf, sys.argv[1], password=generate_password())
    print("written")
except HrdDeskError as exc:
    print(type(exc).__name__)
