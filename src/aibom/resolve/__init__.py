"""The resolve stage: pin every reference to exact bytes (see :mod:`aibom.resolve.stage`)."""
