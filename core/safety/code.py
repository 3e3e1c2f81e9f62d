"""Allow-list check of the Python that PySD's builder wrote, before anything imports it.

The builder emits a small, fixed set of shapes: its imports, `@component.add` functions,
calls to PySD runtime names, numpy/xarray maths and the model's own functions. Every node
of the generated syntax tree must be one of those shapes; anything else (another import, a
dunder attribute, exec/eval/open/getattr, a file reference leaving the cache folder) is
refused. The check is by construction: names are accepted only when listed or defined by
the file itself, never because they are missing from a blocklist.
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path, PurePosixPath

from windfall.core.errors import WindfallError

# Runtime names PySD's builder imports (pysd/builders/python/imports.py, python_functions.py,
# python_expressions_builder.py), module by module.
ALLOWED_IMPORTS: dict[str, frozenset[str]] = {
    "pathlib": frozenset("Path".split()),
    "pysd": frozenset("Component".split()),
    "scipy": frozenset("stats".split()),
    "pysd.py_backend.functions": frozenset(
        "active_initial get_time_value if_then_else incomplete integer invert_matrix "
        "modulo not_implemented_function prod pulse quantum ramp step sum vector_rank "
        "vector_reorder vector_select vector_sort_order vmax vmin xidz zidz".split()
    ),
    "pysd.py_backend.statefuls": frozenset(
        "Delay DelayFixed DelayN Forecast Initial Integ NonNegativeInteg SampleIfTrue "
        "Smooth Trend".split()
    ),
    "pysd.py_backend.external": frozenset("ExtConstant ExtData ExtLookup".split()),
    "pysd.py_backend.data": frozenset("TabData".split()),
    "pysd.py_backend.lookups": frozenset("HardcodedLookups".split()),
    "pysd.py_backend.allocation": frozenset("allocate_available allocate_by_priority".split()),
    "pysd.py_backend.model": frozenset("Macro".split()),
}
ALLOWED_MODULE_IMPORTS = {"numpy": "np", "xarray": "xr"}

# Attribute names the builder's emitted code uses: numpy/xarray maths, DataArray methods,
# the time object's accessors and the component decorator. None starts with an underscore.
ALLOWED_ATTRIBUTES = frozenset(
    "DataArray abs add arange arccos arcsin arctan array cos cosh exp expand_dims "
    "final_time inf initial_time interp inv joinpath linalg loc log logical_and "
    "logical_not logical_or max maximum min minimum nan ones_like parent pi power "
    "prod random rename reset_coords rvs saveper sin sinh sqrt stage sum tan tanh "
    "time_step transpose truncexpon truncnorm uniform values zeros_like".split()
)
SAFE_BUILTINS = frozenset({"float", "int", "bool", "len", "abs", "min", "max"})
ALLOWED_DUNDER_NAMES = frozenset({"__data", "__file__", "__pysd_version__"})
# Runtime classes whose first argument names a file PySD opens relative to the model folder.
FILE_READERS = frozenset({"ExtConstant", "ExtData", "ExtLookup"})

_ALLOWED_NODES = tuple(
    getattr(ast, name)
    for name in (
        "Module Expr Assign FunctionDef Return For If Lambda arguments arg keyword Name Load "
        "Store Constant Attribute Call Subscript Slice Dict List Tuple BinOp UnaryOp BoolOp "
        "Compare IfExp Add Sub Mult Div Pow Mod FloorDiv USub UAdd Not And Or Eq NotEq Lt LtE "
        "Gt GtE alias Import ImportFrom"
    ).split()
)
MAX_CODE_BYTES = 64 * 1024 * 1024


class _Refusal(Exception):
    def __init__(self, node: ast.AST | None, cause: str) -> None:
        super().__init__(cause)
        self.line = getattr(node, "lineno", None)
        self.cause = cause


def _defined_names(nodes: list[ast.AST]) -> set[str]:
    """Names the file defines for itself: functions, assigned objects and parameters."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.FunctionDef):
            name = node.name
        elif isinstance(node, ast.arg):
            name = node.arg
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.id
        else:
            continue
        # PySD never names anything after a builtin; a shadowed builtin in one scope
        # would leave the real one callable from another.
        if hasattr(builtins, name):
            raise _Refusal(node, f"definition of '{name}' shadows a builtin")
        names.add(name)
    return names


def _macro_parameters(tree: ast.Module) -> set[str]:
    """Names a macro file receives from its caller: the values of its `_params` dict.

    PySD binds each one into the macro module before it runs; a parameter may never shadow
    a Python builtin, so a call of it can only ever reach the bound value.
    """
    names: set[str] = set()
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == ["_params"]
        ):
            continue
        if not isinstance(node.value, ast.Dict):
            raise _Refusal(node, "macro parameters are not a plain mapping")
        for value in node.value.values:
            name = value.value if isinstance(value, ast.Constant) else None
            if not isinstance(name, str) or not name.isidentifier() or hasattr(builtins, name):
                raise _Refusal(node, f"macro parameter '{name}' is not allowed")
            names.add(name)
    return names


def _check_import(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Import):
        bound = set()
        for alias in node.names:
            if alias.name not in ALLOWED_MODULE_IMPORTS or (
                ALLOWED_MODULE_IMPORTS[alias.name] != alias.asname
            ):
                raise _Refusal(node, f"import of '{alias.name}' is not allowed")
            bound.add(alias.asname)
        return bound
    allowed = ALLOWED_IMPORTS.get(node.module or "")
    if allowed is None or node.level:
        raise _Refusal(node, f"import from '{node.module}' is not allowed")
    for alias in node.names:
        if alias.name not in allowed or alias.asname:
            raise _Refusal(node, f"import of '{node.module}.{alias.name}' is not allowed")
    return {alias.name for alias in node.names}


def _check_toplevel(tree: ast.Module) -> set[str]:
    """Imports only at the top, and only listed ones; no other statement kinds there."""
    imported: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imported |= _check_import(node)
        elif not isinstance(node, (ast.Expr, ast.Assign, ast.FunctionDef)):
            raise _Refusal(node, f"statement '{type(node).__name__}' is not allowed at top level")
    return imported


def _check_function(node: ast.FunctionDef) -> None:
    if node.args.vararg or node.args.kwarg or node.args.kwonlyargs or node.args.posonlyargs:
        raise _Refusal(node, f"function '{node.name}' has an unexpected signature")
    for decorator in node.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        if not (
            isinstance(func, ast.Attribute)
            and func.attr == "add"
            and isinstance(func.value, ast.Name)
            and func.value.id == "component"
        ):
            raise _Refusal(node, f"function '{node.name}' has an unexpected decorator")


def _check_file_argument(node: ast.Call, staging: Path | None) -> None:
    """A data file named in generated code must be a relative path inside the cache entry."""
    if not node.args:
        raise _Refusal(node, "data reader without a file argument")
    ref = node.args[0]
    if not (isinstance(ref, ast.Constant) and isinstance(ref.value, str)):
        raise _Refusal(node, "a data file named by something other than plain text")
    _check_relative_ref(node, ref.value, staging)


def _check_relative_ref(node: ast.AST, ref: str, staging: Path | None) -> None:
    text = ref.replace("\\", "/")
    posix = PurePosixPath(text)
    if not text or posix.is_absolute() or ":" in text or ".." in posix.parts:
        raise _Refusal(node, f"file reference '{ref}' leaves the model's folder")
    if staging is not None:
        target = (staging / posix).resolve()
        if not target.is_relative_to(staging.resolve()) or not target.is_file():
            raise _Refusal(node, f"file reference '{ref}' is not a confined data file")


def _check_call(node: ast.Call, names: set[str], staging: Path | None) -> None:
    func = node.func
    if isinstance(func, ast.Name):
        if func.id not in names:
            raise _Refusal(node, f"call of '{func.id}' is not allowed")
        if func.id in FILE_READERS:
            _check_file_argument(node, staging)
        elif func.id == "Path" and not (
            len(node.args) == 1
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "__file__"
        ):
            raise _Refusal(node, "a path other than the model's own folder")
    elif isinstance(func, ast.Attribute):
        if func.attr == "add" and isinstance(func.value, ast.Name):
            if func.value.id.startswith("_ext_"):
                _check_file_argument(node, staging)
        elif func.attr == "joinpath":
            for arg in node.args:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    raise _Refusal(node, "a path built from something other than text")
                _check_relative_ref(node, arg.value, staging)
    elif not (
        isinstance(func, ast.Subscript)
        and isinstance(func.value, ast.Name)
        and func.value.id == "__data"
    ):
        raise _Refusal(node, "call of a computed object is not allowed")
    if any(k.arg is None for k in node.keywords):
        raise _Refusal(node, "keyword unpacking is not allowed")


def _check_node(node: ast.AST, names: set[str], staging: Path | None) -> None:
    if not isinstance(node, _ALLOWED_NODES):
        raise _Refusal(node, f"syntax '{type(node).__name__}' is not allowed")
    if isinstance(node, ast.Name):
        if node.id.startswith("__") and node.id not in ALLOWED_DUNDER_NAMES:
            raise _Refusal(node, f"name '{node.id}' is not allowed")
        if isinstance(node.ctx, ast.Load) and node.id not in names:
            raise _Refusal(node, f"name '{node.id}' is not allowed")
    elif isinstance(node, ast.Attribute) and node.attr not in ALLOWED_ATTRIBUTES:
        raise _Refusal(node, f"attribute '.{node.attr}' is not allowed")
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
        # The builder only ever writes array cells; rebinding e.g. np.exp is refused.
        raise _Refusal(node, f"assignment to '.{node.attr}' is not allowed")
    elif isinstance(node, ast.Call):
        _check_call(node, names, staging)
    elif isinstance(node, ast.FunctionDef):
        _check_function(node)
    elif isinstance(node, (ast.Import, ast.ImportFrom)) and node.col_offset:
        raise _Refusal(node, "import inside a function is not allowed")
    elif isinstance(node, ast.Constant) and not isinstance(
        node.value, (str, int, float, bool, type(None))
    ):
        raise _Refusal(node, f"constant of type '{type(node.value).__name__}' is not allowed")


def check_generated_source(source: str, staging: Path | None = None) -> None:
    """Raise _Refusal unless every node of `source` is a shape PySD's builder emits."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise _Refusal(None, f"generated code does not parse ({type(exc).__name__})") from exc
    imported = _check_toplevel(tree)
    nodes = list(ast.walk(tree))
    names = _defined_names(nodes) | _macro_parameters(tree) | SAFE_BUILTINS | ALLOWED_DUNDER_NAMES
    names -= set(ALLOWED_MODULE_IMPORTS.values())  # np/xr only when really imported
    names |= imported
    for node in nodes:
        _check_node(node, names, staging)


def check_generated_file(py_file: Path, model_path: Path, staging: Path | None = None) -> None:
    """Check one generated file; refuse it with a WindfallError naming the model file."""
    try:
        if py_file.is_symlink() or py_file.stat().st_size > MAX_CODE_BYTES:
            raise _Refusal(None, "generated file is a link or too large")
        source = py_file.read_text(encoding="utf-8")
        check_generated_source(source, staging)
    except _Refusal as refusal:
        where = f" (generated line {refusal.line})" if refusal.line else ""
        raise WindfallError(
            model_path, f"translated code failed the safety check: {refusal.cause}{where}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WindfallError(model_path, f"cannot read translated code ({exc})") from None


def check_generated_folder(folder: Path, model_path: Path) -> None:
    """Check every .py file in a translation folder, main model and macro files alike."""
    for py_file in sorted(folder.rglob("*.py")):
        check_generated_file(py_file, model_path, folder)
