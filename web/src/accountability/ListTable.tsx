import type { ReactNode } from 'react';
import { ErrorMessage, Loading, type Loaded } from '../app/ui';

/** A list page's table: the load error if any, a loading note while it loads, then the table. */
export function ListTable({
  list,
  headings,
  children,
}: {
  list: Loaded<unknown>;
  headings: readonly string[];
  children: ReactNode;
}) {
  return (
    <>
      <ErrorMessage error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <table className="table">
          <thead>
            <tr>
              {headings.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </>
  );
}
