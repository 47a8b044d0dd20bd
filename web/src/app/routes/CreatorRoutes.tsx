export function CreatorsRoute() {
  return <section className="panel"><h1>Creators</h1></section>;
}
export function CreatorProfileRoute() {
  return <section className="panel"><h1>Creator</h1></section>;
}
