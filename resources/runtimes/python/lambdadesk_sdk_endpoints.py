# SPDX-License-Identifier: MIT
"""Sends a function's own boto3 calls to LambdaDesk's endpoint, as AWS's runtimes send them to AWS.

The engine gives every function AWS_ENDPOINT_URL. botocore honours it, and AWS_ENDPOINT_URL_<SERVICE>, from
1.31 on; older copies (Debian's python3-boto3 1.26 ships botocore 1.29) ignore both and call the real AWS
host, where the function's dummy credentials hang until its timeout. bootstrap.py imports this module when the
function first imports botocore.client (so a function that never uses boto3 pays nothing) and calls install():
a hook on the import system then wraps ClientCreator.create_client of whichever botocore the function loads:

- botocore older than 1.31: a client created without endpoint_url gets the endpoint botocore >= 1.31 would
  pick from the environment (configured_endpoint), and the function's log says so once per endpoint;
- any botocore: a client left with a real AWS host is reported once per service in the function's log,
  naming the variable to set.

The endpoint_url and services sections of ~/.aws/config that botocore >= 1.31 also reads are not emulated:
a function on AWS has no such file.
"""

import os
import sys

# The first botocore that resolves AWS_ENDPOINT_URL itself; from it on no endpoint is injected (the
# resolution would run twice and a function's Config(ignore_configured_endpoint_urls=True) would be defeated).
FIRST_HONOURING_VERSION = (1, 31)
# Host names of AWS's public, China and dual-stack endpoints.
_AWS_HOST_SUFFIXES = (".amazonaws.com", ".amazonaws.com.cn", ".api.aws")
_WRAPPED_MARK = "_lambdadesk_endpoints"
_PREFIX = "lambdadesk-runtime: "


def version_tuple(text):
    """(major, minor) of a version string such as '1.29.27'; (0, 0) when it cannot be read."""
    parts = []
    for part in str(text).split(".")[:2]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        parts.append(int(digits) if digits else 0)
    while len(parts) < 2:
        parts.append(0)
    return tuple(parts)


def service_variable(service_id):
    """AWS_ENDPOINT_URL_<SERVICE> for a service id, as botocore >= 1.31 names it: the id hyphenized
    ('API Gateway' -> 'api-gateway'), hyphens to underscores, upper case ('AWS_ENDPOINT_URL_API_GATEWAY')."""
    hyphenized = str(service_id).replace(" ", "-").lower()
    return "AWS_ENDPOINT_URL_" + hyphenized.replace("-", "_").upper()


def _true(value):
    return isinstance(value, str) and value.lower() == "true"


def configured_endpoint(service_id, environ, endpoint_url=None):
    """(endpoint URL, where it came from) for a client of service_id, or (None, None).

    botocore >= 1.31's order for environment variables: an explicit endpoint_url argument, then
    AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL; empty values count as unset, and
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores both variables.
    """
    if endpoint_url is not None:
        return endpoint_url, "endpoint_url"
    if _true(environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")):
        return None, None
    for name in (service_variable(service_id), "AWS_ENDPOINT_URL"):
        value = environ.get(name)
        if value:
            return value, name
    return None, None


def is_aws_host(url):
    """Whether url names one of AWS's own hosts (so a call to it leaves the machine)."""
    if not url:
        return False
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if host.startswith("["):
        return False
    host = host.split(":", 1)[0].lower().rstrip(".")
    return any(host.endswith(suffix) for suffix in _AWS_HOST_SUFFIXES)


def _log(line):
    # stderr, unbuffered under bootstrap.py's -u: the line reaches the function's log before any call hangs.
    sys.stderr.write(_PREFIX + line + "\n")
    sys.stderr.flush()


class _Reporter:
    """Says each thing once per process: which endpoint old botocore was given, which client calls AWS."""

    def __init__(self, log):
        self._log = log
        self._said = set()

    def once(self, key, line):
        if key not in self._said:
            self._said.add(key)
            self._log(line)


def wrap_client_creator(creator_class, botocore_version, environ=None, log=_log):
    """Wraps creator_class.create_client (botocore.client.ClientCreator) once; True when it was wrapped now."""
    original = creator_class.create_client
    if getattr(original, _WRAPPED_MARK, False):
        return False
    import inspect

    signature = inspect.signature(original)
    inject = version_tuple(botocore_version) < FIRST_HONOURING_VERSION
    environ = os.environ if environ is None else environ
    reporter = _Reporter(log)

    def create_client(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        service_name = bound.arguments.get("service_name")
        service_id = service_name
        explicit = bound.arguments.get("endpoint_url")
        if inject and explicit is None:
            try:
                model = self._load_service_model(service_name, bound.arguments.get("api_version"))
                service_id = model.service_id
            except Exception:
                pass  # an unknown service: let botocore raise its own error below
            endpoint, source = configured_endpoint(service_id, environ)
            if endpoint:
                bound.arguments["endpoint_url"] = endpoint
                reporter.once(
                    ("endpoint", endpoint),
                    "botocore %s predates AWS_ENDPOINT_URL (honoured from %d.%d); its clients are sent to %s "
                    "as a newer botocore would send them (%s from %s)"
                    % (botocore_version, FIRST_HONOURING_VERSION[0], FIRST_HONOURING_VERSION[1], endpoint,
                       service_name, source),
                )
        client = original(*bound.args, **bound.kwargs)
        _report_aws_host(client, service_name, service_id, explicit, environ, reporter)
        return client

    setattr(create_client, _WRAPPED_MARK, True)
    create_client.__wrapped__ = original
    create_client.__doc__ = original.__doc__
    creator_class.create_client = create_client
    return True


def _report_aws_host(client, service_name, service_id, explicit, environ, reporter):
    meta = getattr(client, "meta", None)
    url = getattr(meta, "endpoint_url", None)
    if not is_aws_host(url):
        return
    model = getattr(meta, "service_model", None)
    service_id = getattr(model, "service_id", None) or service_id
    if explicit is not None:
        why = "the function passes endpoint_url=%s" % explicit
    elif environ.get("AWS_ENDPOINT_URL") or environ.get(service_variable(service_id)):
        why = "the client ignores configured endpoints: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or " \
              "Config(ignore_configured_endpoint_urls=True)"
    else:
        why = "neither AWS_ENDPOINT_URL nor %s is set" % service_variable(service_id)
    reporter.once(
        ("aws", service_name),
        "WARNING: the %s client calls %s, a real AWS host, with LambdaDesk's dummy credentials (%s); it will "
        "fail or hang until the timeout. Set AWS_ENDPOINT_URL (every service) or %s to LambdaDesk's endpoint "
        "(lambdadesk-cli serve and the app set AWS_ENDPOINT_URL for their functions)"
        % (service_name, url, why, service_variable(service_id)),
    )


class _PatchingLoader:
    """Runs botocore.client's own loader, then wraps its ClientCreator."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        patch_module(module)

    def __getattr__(self, name):
        # get_source, get_filename, … for tracebacks and debuggers.
        return getattr(self._loader, name)


class _BotocoreClientHook:
    """A meta-path finder that only steps in for botocore.client, whichever copy of botocore is imported."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "botocore.client":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader)
                return spec
        return None


def patch_module(client_module):
    botocore = sys.modules.get("botocore")
    version = getattr(botocore, "__version__", "0")
    creator = getattr(client_module, "ClientCreator", None)
    if creator is not None:
        wrap_client_creator(creator, version)


_HOOK = _BotocoreClientHook()


def install():
    """Patches botocore now if the function's path already imported it, else when it is imported."""
    if _HOOK in sys.meta_path:
        return
    if "botocore.client" in sys.modules:
        patch_module(sys.modules["botocore.client"])
    sys.meta_path.insert(0, _HOOK)


def find_botocore_client(fullname, path=None, target=None):
    """The spec of botocore.client with the patching loader (bootstrap.py's hook hands the import over here)."""
    return _HOOK.find_spec(fullname, path, target)
