# The Locust master's side of a dtlskit run: `locust -f dtlskit-worker/locustfile.py --master ...`.
#
# The master only needs to know the user classes it hands out; the users themselves run in dtlskit
# workers (`./dtlskit bench worker --master HOST:PORT --server DTLS_HOST:PORT`), which report each
# DTLS handshake and echo round trip as a request of type DTLS. The class name below is what the
# web UI and the CSV show as the user class; a dtlskit worker runs any class name it is given.
from locust import User, task, constant


class DtlsDevice(User):
    """A device holding a DTLS association to the server; run by dtlskit workers, not by Python."""

    wait_time = constant(1)

    @task
    def runs_in_dtlskit_worker(self):
        raise RuntimeError("DtlsDevice users run in dtlskit workers (./dtlskit bench worker), not in Python workers")
