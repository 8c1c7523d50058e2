"""How a service says what it is: ``@reads`` or ``@writes``.

A service is written ``def verb_noun(uow: UnitOfWork, *, actor, …)`` and decorated; it is
called ``verb_noun(centre, actor=…, …)``. The decorator opens the unit of work of the kind
the service declared (a write begins IMMEDIATE and may commit; a read cannot), so the
caller never chooses, and a wrong choice cannot be made at a call site.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from neighborcenter.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from neighborcenter.core.handle import Centre

P = ParamSpec("P")
R = TypeVar("R")


def _service(write: bool) -> Callable[[Callable[Concatenate[UnitOfWork, P], R]],
                                      Callable[Concatenate[Centre, P], R]]:
    def decorate(fn: Callable[Concatenate[UnitOfWork, P], R]
                 ) -> Callable[Concatenate[Centre, P], R]:
        @functools.wraps(fn)
        def call(centre: Centre, /, *args: P.args, **kwargs: P.kwargs) -> R:
            return fn(centre.unit_of_work(write=write), *args, **kwargs)

        call.writes = write  # type: ignore[attr-defined]  # a mark on the function object
        return call

    return decorate


reads = _service(write=False)
writes = _service(write=True)
