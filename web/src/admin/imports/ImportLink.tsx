import { Link } from '../../router.tsx';
import { useSession } from '../session.tsx';
import type { ImportKind } from './import-api.ts';

/** "Import CSV" next to a list's export menu; imports are for admins, so others do not see it. */
export function ImportLink({ kind }: { kind: ImportKind }) {
  const { me } = useSession();
  if (me.role !== 'admin') return null;
  return (
    <Link className="button button-ghost" href={`/app/${kind}/import`}>
      Import CSV
    </Link>
  );
}
