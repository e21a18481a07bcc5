def test_it_reports_the_database_status(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] in ("sqlite", "postgresql")


def test_the_api_documents_itself_for_staff(agent, client_for, client):
    staff = client_for(agent)
    schema = staff.get("/api/schema/")
    assert (
        schema.status_code == 200
        and b"/api/customers/" in schema.content
        and b"/api/search/" in schema.content
    )
    docs = staff.get("/api/docs/").content.decode()
    assert "swagger" in docs.lower() and "//cdn" not in docs and "unpkg" not in docs
    assert client.get("/api/schema/").status_code in (401, 403)
