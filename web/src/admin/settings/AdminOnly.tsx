/** Shown in place of a settings section that only admins may see. */
export function AdminOnly() {
  return (
    <div className="alert alert-warning" role="alert">
      <h2>Admins only</h2>
      <p>This section is reserved to admins. Ask an admin of your workspace to make changes here.</p>
    </div>
  );
}
