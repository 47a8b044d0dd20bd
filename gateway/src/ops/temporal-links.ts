/** Deep link into the Temporal Web UI for one workflow (by id: the run the UI shows is the latest). */
export function temporalWorkflowUrl(uiBase: string, namespace: string, workflowId: string): string {
  return `${uiBase.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
