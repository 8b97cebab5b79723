# SPDX-License-Identifier: MIT
"""LambdaDesk runtime loop for Python functions.

Speaks the Lambda Runtime API (2018-06-01) at $AWS_LAMBDA_RUNTIME_API, loads the handler named by
$_HANDLER from $LAMBDA_TASK_ROOT and serves one invocation at a time, forever.

Cold starts are measured from spawn to the first GET /next, so this file only imports modules that
cost next to nothing (the C-level _socket instead of socket, which drags in enum and selectors) plus
json; traceback is imported only when an error has to be formatted.
"""

import sys
import os
import time
import _socket
import json

_API_VERSION = "/2018-06-01"
_NEXT_PATH = _API_VERSION + "/runtime/invocation/next"
_INIT_ERROR_PATH = _API_VERSION + "/runtime/init/error"
_RESPONSE_PATH = _API_VERSION + "/runtime/invocation/%s/response"
_ERROR_PATH = _API_VERSION + "/runtime/invocation/%s/error"
_BOOTSTRAP_FILE = os.path.abspath(__file__)


class EngineGone(Exception):
    """The Runtime API cannot be reached any more: the environment is being torn down."""


class _ConnectionClosed(Exception):
    """The peer closed the connection before a complete response arrived."""


class RuntimeApiConnection:
    """A minimal HTTP/1.1 client on one persistent connection to the Runtime API."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError("AWS_LAMBDA_RUNTIME_API must be host:port, got %r" % address)
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        self._host = host
        self._port = int(port)
        self._host_header = address
        self._sock = None
        self._buf = bytearray()
        # A GET /next already sent behind the last request (HTTP pipelining): its answer is next on the wire.
        self._next_sent = False
        self._next_request = self._encode("GET", _NEXT_PATH, b"", None)

    def _encode(self, method, path, body, headers):
        head = "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n" % (method, path, self._host_header, len(body))
        if headers:
            for name, value in headers:
                head += "%s: %s\r\n" % (name, value)
        # Head and body leave in one send so a small request is one segment.
        return (head + "\r\n").encode("latin-1") + body

    def _connect(self):
        try:
            family = _socket.AF_INET6 if ":" in self._host else _socket.AF_INET
            sock = _socket.socket(family, _socket.SOCK_STREAM)
            sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
            sock.connect((self._host, self._port))
        except OSError:
            raise EngineGone() from None
        self._sock = sock
        self._buf = bytearray()

    def _close(self):
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = None
        self._buf = bytearray()
        self._next_sent = False

    def request(self, method, path, body=b"", headers=None, then_next=False):
        """Send one request and return (status, headers with lower-case names, body bytes).

        With then_next, a GET /next leaves in the same write (HTTP pipelining: one segment and one wake-up of
        the engine instead of two round trips); next_invocation() reads its answer. This request's own answer
        is still read and returned first.

        A connection the server dropped while idle is reopened and the request sent once more.
        Raises EngineGone when that does not help.
        """
        data = self._encode(method, path, body, headers)
        if then_next:
            data += self._next_request
        for _attempt in (0, 1):
            if self._sock is None:
                self._connect()
            try:
                self._sock.sendall(data)
            except OSError:
                # The server may have answered (e.g. 413) and stopped reading; try to read that answer.
                pass
            try:
                answer = self._read_response()
            except (OSError, _ConnectionClosed, ValueError, IndexError):
                self._close()
                continue
            # A server that closed after its answer (413, Connection: close) never read the GET.
            self._next_sent = then_next and self._sock is not None
            return answer
        raise EngineGone()

    def next_invocation(self):
        """GET /next: the answer to the one already sent behind the last request, or a request of its own."""
        if self._next_sent:
            self._next_sent = False
            try:
                return self._read_response()
            except (OSError, _ConnectionClosed, ValueError, IndexError):
                self._close()  # the connection went while we waited: ask again on a new one
        return self.request("GET", _NEXT_PATH)

    def _fill(self):
        chunk = self._sock.recv(262144)
        if not chunk:
            raise _ConnectionClosed()
        self._buf += chunk

    def _read_exact(self, count):
        while len(self._buf) < count:
            self._fill()
        data = bytes(self._buf[:count])
        del self._buf[:count]
        return data

    def _read_line(self):
        while True:
            end = self._buf.find(b"\r\n")
            if end >= 0:
                line = bytes(self._buf[:end])
                del self._buf[: end + 2]
                return line
            self._fill()

    def _read_response(self):
        while True:
            while True:
                end = self._buf.find(b"\r\n\r\n")
                if end >= 0:
                    break
                self._fill()
            lines = self._buf[:end].decode("latin-1").split("\r\n")
            del self._buf[: end + 4]
            status = int(lines[0].split(" ", 2)[1])
            if status >= 200:
                break
            # 1xx interim answers carry no body; the real response follows.
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length")
        if length is not None:
            body = self._read_exact(int(length))
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        elif status == 204 or status == 304:
            body = b""
        else:
            # No framing: the body runs until the server closes the connection.
            try:
                while True:
                    self._fill()
            except _ConnectionClosed:
                pass
            body = bytes(self._buf)
            self._close()
            return status, headers, body
        if headers.get("connection", "").lower() == "close":
            self._close()
        return status, headers, body

    def _read_chunked(self):
        parts = []
        while True:
            size = int(self._read_line().split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self._read_line():
                    pass  # trailers
                return b"".join(parts)
            parts.append(self._read_exact(size))
            self._read_line()


class CognitoIdentity:
    """The caller's Amazon Cognito identity (context.identity)."""

    def __init__(self, identity_id=None, pool_id=None):
        self.cognito_identity_id = identity_id
        self.cognito_identity_pool_id = pool_id

    def __repr__(self):
        return "CognitoIdentity(cognito_identity_id=%r, cognito_identity_pool_id=%r)" % (
            self.cognito_identity_id,
            self.cognito_identity_pool_id,
        )


class Client:
    """The mobile client part of context.client_context."""

    def __init__(self, fields):
        self.installation_id = fields.get("installation_id")
        self.app_title = fields.get("app_title")
        self.app_version_name = fields.get("app_version_name")
        self.app_version_code = fields.get("app_version_code")
        self.app_package_name = fields.get("app_package_name")


class ClientContext:
    """The client context sent by a mobile caller (context.client_context)."""

    def __init__(self, fields):
        client = fields.get("client")
        self.client = Client(client) if isinstance(client, dict) else None
        self.custom = fields.get("custom")
        self.env = fields.get("env")


class LambdaContext:
    """The context object passed to handlers, shaped like the one on AWS."""

    def __init__(self, request_id, deadline_ms, function_arn, client_context, identity):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = _FUNCTION_NAME
        self.function_version = _FUNCTION_VERSION
        self.memory_limit_in_mb = _MEMORY_SIZE
        self.log_group_name = _LOG_GROUP
        self.log_stream_name = _LOG_STREAM
        self.client_context = client_context
        self.identity = identity
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - int(time.time() * 1000)
        return remaining if remaining > 0 else 0

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return "LambdaContext([aws_request_id=%s,function_name=%s,invoked_function_arn=%s])" % (
            self.aws_request_id,
            self.function_name,
            self.invoked_function_arn,
        )


def _int_env(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


_FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
_FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
_MEMORY_SIZE = _int_env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", 128)
_LOG_GROUP = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
_LOG_STREAM = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")


class FunctionError(Exception):
    """An error the runtime reports with its own errorType (Runtime.*)."""

    def __init__(self, error_type, message, stack_trace=None, header=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace if stack_trace is not None else []
        self.header = header or error_type


def _stack_trace(tb):
    """Formatted frames of tb, without the frames of this file and of the import machinery."""
    import traceback

    frames = [
        frame
        for frame in traceback.extract_tb(tb)
        if frame.filename != _BOOTSTRAP_FILE and not frame.filename.startswith("<frozen importlib")
    ]
    return traceback.format_list(frames)


def _log_error(error_type, message, stack_trace):
    # The shape AWS's Python runtime prints, so logs read the same as in CloudWatch.
    text = "[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (error_type, message, "".join(stack_trace))
    sys.stdout.write(text.rstrip("\n") + "\n")


def _error_body(error_type, message, stack_trace, request_id):
    return json.dumps(
        {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack_trace}
    ).encode("utf-8")


def load_handler(spec):
    """Import the module named by spec ('module.function', module path with '/' or '.') and return the function."""
    module_path, dot, function_name = spec.rpartition(".")
    if not dot or not module_path or not function_name or module_path.endswith("/"):
        raise FunctionError("Runtime.MalformedHandlerName", "Bad handler '%s': expected 'module.function'" % spec)
    module_name = module_path.replace("/", ".")
    if module_name.split(".", 1)[0] in sys.builtin_module_names:
        raise FunctionError(
            "Runtime.BuiltInModuleConflict", "Cannot use built-in module %s as a handler module" % module_path
        )
    try:
        __import__(module_name)
        module = sys.modules[module_name]
    except ImportError as error:
        raise FunctionError(
            "Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_path, error)
        ) from None
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s\n' % (error.filename, error.lineno, (error.text or "").strip())]
        raise FunctionError(
            "Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_path, error), trace
        ) from None
    except Exception as error:
        raise FunctionError(
            type(error).__name__, str(error), _stack_trace(error.__traceback__), "Runtime.Unknown"
        ) from None
    handler = getattr(module, function_name, None)
    if handler is None:
        raise FunctionError(
            "Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_path)
        )
    return handler


def _parse_json_header(value):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _make_context(request_id, headers):
    try:
        deadline_ms = int(headers.get("lambda-runtime-deadline-ms", "0"))
    except ValueError:
        deadline_ms = 0
    client_fields = _parse_json_header(headers.get("lambda-runtime-client-context"))
    identity_fields = _parse_json_header(headers.get("lambda-runtime-cognito-identity"))
    if not isinstance(identity_fields, dict):
        identity_fields = {}
    return LambdaContext(
        request_id,
        deadline_ms,
        headers.get("lambda-runtime-invoked-function-arn", ""),
        ClientContext(client_fields) if isinstance(client_fields, dict) else None,
        CognitoIdentity(identity_fields.get("cognitoIdentityId"), identity_fields.get("cognitoIdentityPoolId")),
    )


def _post(connection, path, body, headers):
    # The next GET /next goes out with the answer; the POST's own answer is checked before the next event.
    status, _, answer = connection.request("POST", path, body, headers, then_next=True)
    if 400 <= status < 500:
        detail = answer[:200].decode("utf-8", "replace").replace("\n", " ")
        sys.stderr.write("lambdadesk-runtime: POST %s answered %d %s\n" % (path, status, detail))
    elif status >= 500:
        sys.stderr.write("lambdadesk-runtime: POST %s answered %d; the Runtime API failed, exiting\n" % (path, status))
        sys.exit(1)


def _invoke(connection, handler, request_id, headers, body):
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)

    try:
        event = json.loads(body) if body else None
    except ValueError as error:
        message = "Unable to unmarshal input: %s" % error
        _log_error("Runtime.UnmarshalError", message, [])
        _post(
            connection,
            _ERROR_PATH % request_id,
            _error_body("Runtime.UnmarshalError", message, [], request_id),
            (("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", "Runtime.UnmarshalError")),
        )
        return

    try:
        result = handler(event, _make_context(request_id, headers))
    except Exception as error:
        error_type = type(error).__name__
        message = str(error)
        trace = _stack_trace(error.__traceback__)
        _log_error(error_type, message, trace)
        _post(
            connection,
            _ERROR_PATH % request_id,
            _error_body(error_type, message, trace, request_id),
            (("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", "Unhandled")),
        )
        return

    try:
        payload = json.dumps(result).encode("utf-8")
    except Exception as error:
        message = "Unable to marshal response: %s" % error
        _log_error("Runtime.MarshalError", message, [])
        _post(
            connection,
            _ERROR_PATH % request_id,
            _error_body("Runtime.MarshalError", message, [], request_id),
            (("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", "Runtime.MarshalError")),
        )
        return
    _post(connection, _RESPONSE_PATH % request_id, payload, (("Content-Type", "application/json"),))


class _BotocoreClientHook:
    """Waits for the function's first import of botocore.client, then lets lambdadesk_sdk_endpoints (beside this
    file) make a botocore older than 1.31 honour AWS_ENDPOINT_URL. A meta-path finder that answers for no other
    module, so functions that never import boto3 load nothing more."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "botocore.client":
            return None
        sys.meta_path.remove(self)
        here = os.path.dirname(_BOOTSTRAP_FILE)
        sys.path.insert(0, here)
        try:
            import lambdadesk_sdk_endpoints
        except ImportError:
            return None  # an incomplete runtime folder: botocore loads as it is
        finally:
            sys.path.remove(here)
        lambdadesk_sdk_endpoints.install()
        return lambdadesk_sdk_endpoints.find_botocore_client(fullname, path, target)


def main():
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        sys.stderr.write("lambdadesk-runtime: AWS_LAMBDA_RUNTIME_API is not set\n")
        return 1
    connection = RuntimeApiConnection(address)

    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    sys.meta_path.insert(0, _BotocoreClientHook())
    # The function's code comes first, ahead of layers (PYTHONPATH); this file's folder is not on the path.
    if sys.path and os.path.realpath(sys.path[0]) == os.path.dirname(os.path.realpath(_BOOTSTRAP_FILE)):
        sys.path[0] = task_root
    else:
        sys.path.insert(0, task_root)

    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FunctionError as error:
        _log_error(error.error_type, error.message, error.stack_trace)
        connection.request(
            "POST",
            _INIT_ERROR_PATH,
            _error_body(error.error_type, error.message, error.stack_trace, ""),
            (("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", error.header)),
        )
        return 1

    while True:
        status, headers, body = connection.next_invocation()
        if status != 200:
            sys.stderr.write("lambdadesk-runtime: GET next answered %d, exiting\n" % status)
            return 1
        request_id = headers.get("lambda-runtime-aws-request-id")
        if not request_id:
            sys.stderr.write("lambdadesk-runtime: GET next answered without Lambda-Runtime-Aws-Request-Id, exiting\n")
            return 1
        _invoke(connection, handler, request_id, headers, body)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except EngineGone:
        # The engine went away (environment shut down): leave quietly.
        sys.exit(0)
