import type { NodeInfo } from "@eventual/core";
import { useConnection } from "../api/connection.js";
import { useInterval } from "../api/use-interval.js";
import { useLoad } from "../api/use-load.js";
import { LoadError } from "../components/alert.js";
import { formatTime } from "../components/format.js";
import { Table } from "../components/table.js";

/** The nodes taking work for this service now: one on `eventual dev`, any number on `serve`. */
export function Nodes() {
  const { client } = useConnection();
  const nodes = useLoad<NodeInfo[]>(() => client.listNodes(), []);
  useInterval(nodes.reload, 5_000);
  return (
    <section aria-labelledby="nodes-title">
      <h2 id="nodes-title">Nodes</h2>
      <LoadError error={nodes.error} />
      <Table class="nodes" columns={["Node", "Host", "Process", "Up since", "Last seen"]}>
        {nodes.data?.map((node) => (
          <tr key={node.id}>
            <td>
              <code>{node.id}</code>
              {node.self && <small> (serving this page)</small>}
            </td>
            <td>{node.host}</td>
            <td>{node.pid}</td>
            <td>{formatTime(node.startedAt)}</td>
            <td>{formatTime(node.seenAt)}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
