import { createRootRoute, Outlet } from '@tanstack/react-router';
import { AdminApp, StaffNotFound } from '../admin/AdminApp.tsx';

/** Every page hangs below this route; an address outside /app and /portal is a staff page not found. */
export const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: () => <AdminApp page={<StaffNotFound />} />,
});
