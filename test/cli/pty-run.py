"""Run a command in a pseudo-terminal of a given size, as a user's terminal would (used by
test/cli/signals.test.ts). Prints the child's pid on its own line first. A line "INT" or "TERM" on
stdin types Ctrl-C (the terminal turns it into SIGINT for the foreground process) or sends SIGTERM.
At the end prints one JSON line: exit code or signal, bytes the child wrote, the last of its output,
seconds from the Ctrl-C to the exit. Bounded: past max_bytes or max_seconds the child is killed."""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

rows, cols, max_bytes, max_seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
command = sys.argv[5:]

pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(command[0], command)

print(pid, flush=True)
started = time.monotonic()
signalled_at = None
total = 0
tail = b''
killed = None
stdin_open = True
status = None
while status is None:
    watch = [fd] + ([sys.stdin] if stdin_open else [])
    ready, _, _ = select.select(watch, [], [], 0.05)
    if fd in ready:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b''
        total += len(chunk)
        tail = (tail + chunk)[-4000:]
    if stdin_open and sys.stdin in ready:
        line = sys.stdin.readline().strip()
        if line == '':
            stdin_open = False
        elif line == 'INT':
            signalled_at = time.monotonic()
            os.write(fd, b'\x03')
        elif line == 'TERM':
            signalled_at = time.monotonic()
            os.kill(pid, signal.SIGTERM)
    done, raw = os.waitpid(pid, os.WNOHANG)
    if done:
        status = raw
    elif total > max_bytes or time.monotonic() - started > max_seconds:
        killed = 'bytes' if total > max_bytes else 'time'
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
# what is still buffered in the terminal
while True:
    ready, _, _ = select.select([fd], [], [], 0.05)
    if not ready:
        break
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    total += len(chunk)
    tail = (tail + chunk)[-4000:]
print(json.dumps({
    'code': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    'bytes': total,
    'tail': tail.decode('utf-8', 'replace'),
    'secondsAfterSignal': None if signalled_at is None else time.monotonic() - signalled_at,
    'killed': killed,
}), flush=True)
