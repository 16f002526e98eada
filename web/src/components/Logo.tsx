/** Remit's mark, beside the product name in the staff app and on its sign-in page. */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#1d3a5f" />
      <path d="M10 23V9h7a4.5 4.5 0 0 1 0 9h-7m6 0 6 5" fill="none" stroke="#7fd1b9" strokeWidth="3" />
    </svg>
  );
}
