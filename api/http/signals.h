// Signal handling for the daemon: SIGPIPE ignored (a closed client socket must not kill the
// process) and SIGTERM/SIGINT turned into an ordinary wait, so shutdown runs on the main thread.
//
// Thread-safety: call BlockTerminationSignals() in main() BEFORE starting any thread (the mask
// is inherited), then WaitForTerminationSignal() from the main thread.
#ifndef KINERJA_API_HTTP_SIGNALS_H_
#define KINERJA_API_HTTP_SIGNALS_H_

namespace kinerja::http {

void IgnoreSigpipe();
// Blocks SIGTERM and SIGINT in the calling thread (and threads created afterwards).
void BlockTerminationSignals();
// Waits for SIGTERM or SIGINT; returns the signal number.
int WaitForTerminationSignal();

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_SIGNALS_H_
