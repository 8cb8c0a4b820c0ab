"""A loopback HTTP proxy that makes clients retry: some requests fail before they reach Accord,
others after Accord has committed them (the answer is replaced by a 503). Either way the
client sends the same batch again, and Accord must still store each event exactly once."""
import http.client
import http.server
import threading
from urllib.parse import urlsplit


class FaultyProxy:
    def __init__(self, target: str, fail_before_every=5, fail_after_every=3):
        self.target = urlsplit(target)
        self.fail_before_every = fail_before_every
        self.fail_after_every = fail_after_every
        self.requests = 0
        self.failed_before = 0
        self.failed_after = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with proxy.lock:
                    proxy.requests += 1
                    n = proxy.requests
                if n % proxy.fail_before_every == 0:
                    with proxy.lock:
                        proxy.failed_before += 1
                    return self.answer(503, b'{"code":"unavailable","message":"injected before forwarding"}')
                connection = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request("POST", self.path, body=body, headers=headers)
                response = connection.getresponse()
                answer = response.read()
                connection.close()
                if response.status == 200 and n % proxy.fail_after_every == 0:
                    with proxy.lock:
                        proxy.failed_after += 1
                    return self.answer(503, b'{"code":"unavailable","message":"injected after commit"}')
                return self.answer(response.status, answer)

            def answer(self, status, body):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
