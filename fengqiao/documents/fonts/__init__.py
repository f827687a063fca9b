"""Font configuration shipped with fengqiao.documents (a package so wheels include it)."""
