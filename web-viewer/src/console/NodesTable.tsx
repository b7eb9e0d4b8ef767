import type { MediaNode } from '@lienthong/contracts';
import { useLanguage } from '../i18n/language';
import { useFormat } from '../shared/clock';

/** The media nodes the control plane knows, with each worker's load. */
export function NodesTable({ nodes }: { nodes: readonly MediaNode[] }) {
  const { t } = useLanguage();
  const clock = useFormat();
  if (!nodes.length) return <p className="muted">{t.console.noNodes}</p>;
  return (
    <div className="table-wrap">
      <table className="table nodes-table">
        <thead>
          <tr>
            <th>{t.console.col.nodeId}</th>
            <th>{t.console.col.address}</th>
            <th>{t.console.col.locality}</th>
            <th>{t.console.col.workers}</th>
            <th>{t.console.col.lastSeen}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.nodeId} data-node-id={node.nodeId}>
              <td>
                <code>{node.nodeId}</code>
              </td>
              <td>
                <code>{node.announcedIp}</code>
              </td>
              <td>
                {node.localityTags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </td>
              <td>
                <ul className="worker-list">
                  {node.workers.map((w) => (
                    <li key={w.index}>{t.console.workerLoad(w.index, w.routers, w.transports, w.consumers)}</li>
                  ))}
                </ul>
              </td>
              <td>{clock.time(node.lastSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
